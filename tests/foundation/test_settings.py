"""Settings are read from the environment; a bad value stops start-up with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
# Any well-formed URL: importing settings does not connect in server mode.
SERVER_ENV = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "SECRET_KEY": STRONG_KEY}
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG"}}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**CLEAN_ENV, **env}, capture_output=True, text=True, timeout=120
    )


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    return run_python("import django; from django.conf import settings; settings.DEBUG; print('loaded')", **env)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("SECRET_KEY", "short"),
        ("ALLOWED_HOSTS", " , "),
        ("ARTICLE_MAX_BYTES", "two megabytes"),
        ("SPACY_MODEL", "en core web; rm -rf"),
        ("CELERY_VISIBILITY_TIMEOUT", "5"),
    ],
)
def test_it_refuses_to_start_on_a_bad_value_and_names_the_variable(variable, value):
    result = load_settings(**{**SERVER_ENV, "DJANGO_SETTINGS_MODULE": "kb.settings", variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_it_starts_with_good_server_settings():
    result = load_settings(**SERVER_ENV, DJANGO_SETTINGS_MODULE="kb.settings", CELERY_BROKER_URL="redis://h:6379/1")
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout


def test_it_runs_tasks_in_process_without_a_broker_and_on_workers_with_one():
    code = "import django; from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    eager = run_python(code, **SERVER_ENV, DJANGO_SETTINGS_MODULE="kb.settings")
    queued = run_python(code, **SERVER_ENV, DJANGO_SETTINGS_MODULE="kb.settings", CELERY_BROKER_URL="redis://h/1")
    assert eager.stdout.strip() == "True"
    assert queued.stdout.strip() == "False"


def test_it_is_not_in_debug_mode_unless_asked():
    code = "import django; from django.conf import settings; print(settings.DEBUG)"
    assert run_python(code, **SERVER_ENV, DJANGO_SETTINGS_MODULE="kb.settings").stdout.strip() == "False"


def test_the_deploy_check_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**CLEAN_ENV, **SERVER_ENV, "DEBUG": "0", "ALLOWED_HOSTS": "onrecord.example.org"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_flags_insecure_switches():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**CLEAN_ENV, **SERVER_ENV, "DEBUG": "0", "ALLOWED_HOSTS": "x.org", "SESSION_COOKIE_SECURE": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr + result.stdout
