"""The Celery app. Workers load the spaCy model once per child process, never once per task."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from celery import Celery
from celery.signals import beat_init, worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

app = Celery("kb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("kb.celery")


@app.on_after_finalize.connect
def _beat_schedule(sender: Celery, **kwargs: Any) -> None:
    """celery beat: the sweepers that send lost extractions and webhook deliveries again, the feed poller, and the
    extractor's retraining once enough review decisions accumulated."""
    from django.conf import settings

    sender.add_periodic_task(
        float(settings.EXTRACTION_SWEEP_INTERVAL),
        sender.signature("claims.tasks.articles_requeue_stale_task"),
        name="requeue-stale-articles",
    )
    sender.add_periodic_task(
        float(settings.FEED_POLL_INTERVAL), sender.signature("claims.tasks.sources_poll_due"), name="poll-due-feeds"
    )
    sender.add_periodic_task(
        float(settings.EXTRACTOR_RETRAIN_CHECK_INTERVAL),
        sender.signature("claims.tasks.extractor_models_retrain"),
        name="retrain-extractor-from-reviews",
    )
    sender.add_periodic_task(
        float(settings.WEBHOOK_OVERDUE_AFTER),
        sender.signature("claims.webhooks.webhook_deliveries_resend_overdue"),
        name="resend-overdue-webhooks",
    )


@worker_init.connect
@beat_init.connect
def _use_embedded_database(**kwargs: Any) -> None:
    # Workers and beat are entry points: without DATABASE_URL they use (and start) the embedded PostgreSQL.
    from kb.embedded_db import embedded_database_acquire

    embedded_database_acquire()


@worker_init.connect
def _import_nlp_in_parent(**kwargs: Any) -> None:
    # Importing spaCy takes most of the start-up time; done once in the parent, forked children share it and only
    # load the model, which keeps worker_process_init well inside its time limit.
    import claims.nlp.pipeline  # noqa: F401


@worker_process_init.connect
def _load_model_in_child(**kwargs: Any) -> None:
    from django.conf import settings

    from claims.services.extractor_models import extractor_nlp

    started = time.monotonic()
    nlp = extractor_nlp()  # a broken model directory is logged and skipped; the rules are the last resort
    logger.info(
        "spaCy model %s (trained model: %s) loaded in pid %d in %.2f s",
        settings.SPACY_MODEL,
        nlp.meta.get("onrecord_model") or "none",
        os.getpid(),
        time.monotonic() - started,
    )
