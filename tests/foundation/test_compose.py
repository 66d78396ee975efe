"""No Docker engine runs here, so the deployment file is checked against the code it must agree with."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
MAKEFILE = (ROOT / "Makefile").read_text()
SETTINGS = (ROOT / "kb" / "settings.py").read_text()


def command_of(service: str) -> str:
    command = COMPOSE["services"][service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_it_has_every_service_with_a_healthcheck():
    services = COMPOSE["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"


def test_it_uses_postgres_16_or_newer_and_redis_7():
    assert int(COMPOSE["services"]["postgres"]["image"].split(":")[1].split(".")[0]) >= 16
    assert COMPOSE["services"]["redis"]["image"].split(":")[1].startswith("7")


def test_web_migrates_on_start_then_serves_with_gunicorn():
    command = command_of("web")
    assert command.index("manage.py migrate") < command.index("gunicorn kb.wsgi:application")


def test_worker_and_beat_run_the_same_commands_as_the_makefile():
    assert "celery -A kb worker" in command_of("worker")
    assert "celery -A kb worker" in MAKEFILE
    assert "celery -A kb beat" in command_of("beat")
    assert "celery -A kb beat" in MAKEFILE


def test_the_app_services_get_the_variables_settings_read():
    for name in ["web", "worker", "beat"]:
        environment = COMPOSE["services"][name]["environment"]
        for variable in ["DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SPACY_MODEL"]:
            assert variable in environment, f"{name} lacks {variable}"
            assert re.search(rf'env_\w+\("{variable}"', SETTINGS), f"settings do not read {variable}"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
