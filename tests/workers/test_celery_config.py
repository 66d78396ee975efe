"""How tasks are wired to Celery: what makes them safe on the Redis transport."""

import subprocess
from pathlib import Path

import yaml
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims import tasks
from kb.celery import app


def test_extraction_tasks_ack_late_and_requeue_when_their_worker_dies():
    task = tasks.articles_extract
    assert task.acks_late
    assert task.reject_on_worker_lost
    assert set(task.autoretry_for) == {OperationalError, InterfaceError}, "retries only on named transient errors"
    assert task.retry_backoff
    assert task.max_retries == 3


def test_time_limits_stay_below_the_visibility_timeout_in_every_transport_option():
    timeout = settings.CELERY_VISIBILITY_TIMEOUT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < timeout
    assert app.conf.broker_transport_options["visibility_timeout"] == timeout
    assert app.conf.result_backend_transport_options["visibility_timeout"] == timeout
    assert settings.EXTRACTION_RETRY_BACKOFF_MAX + settings.CELERY_TASK_TIME_LIMIT < timeout
    assert settings.EXTRACTION_REQUEUE_RUNNING_AFTER > settings.CELERY_TASK_TIME_LIMIT


def test_beat_runs_the_sweeper_the_feed_poller_and_the_retraining():
    app.finalize()
    tasks_scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert tasks_scheduled == {
        "claims.tasks.articles_requeue_stale_task",
        "claims.tasks.sources_poll_due",
        "claims.webhooks.webhook_deliveries_resend_overdue",
        "claims.tasks.extractor_models_retrain",
    }
    assert app.conf.beat_schedule["requeue-stale-articles"]["schedule"] == float(settings.EXTRACTION_SWEEP_INTERVAL)


def test_make_worker_runs_the_sweeper_and_docker_compose_keeps_beat_as_its_own_service():
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(["make", "-n", "worker"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert "celery -A kb worker" in dry_run
    assert "--beat" in dry_run
    assert "--beat" not in subprocess.run(["make", "-n", "worker", "BEAT=0"], cwd=root, capture_output=True,
                                          text=True, check=True).stdout  # fmt: skip
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    assert compose["beat"]["command"][:4] == ["celery", "-A", "kb", "beat"]
    assert "--beat" not in compose["worker"]["command"], "scaled workers must not each run a beat"
    assert settings.EXTRACTION_SWEEP_INTERVAL <= 15, "a crashed run is found within seconds"
