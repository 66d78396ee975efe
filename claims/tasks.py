"""Celery tasks: thin interfaces over services. They take ids and exit quietly when the rows are gone."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.services.extraction import articles_extract_run
from claims.services.feeds import FEED_TRANSIENT_ERRORS, source_poll_run, sources_poll_due_run
from claims.services.requeue import articles_requeue_stale

logger = logging.getLogger(__name__)

# The database went away or restarted: worth another try. Anything else is a bug or bad data, not retried.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    acks_late=True,  # safe: a rerun claims the article by compare-and-set and replaces only pending claims
    reject_on_worker_lost=True,  # a killed child's message goes back; the attempt counter stops poison articles
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=2,
    retry_backoff_max=settings.EXTRACTION_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=3,
)
def articles_extract(article_ids: list[int]) -> dict[str, Any]:
    outcome = articles_extract_run(article_ids=[int(i) for i in article_ids])
    logger.info(
        "extracted %d article(s), %d claim(s); failed %s; skipped %s; split %s",
        len(outcome.done),
        outcome.claims,
        outcome.failed,
        outcome.skipped,
        outcome.split,
    )
    return {"done": outcome.done, "failed": outcome.failed, "claims": outcome.claims}


@shared_task(
    # Training takes minutes: the whole visibility window, not the extraction tasks' limit.
    time_limit=settings.CELERY_VISIBILITY_TIMEOUT - 5,
    soft_time_limit=settings.CELERY_VISIBILITY_TIMEOUT - 10,
)
def extractor_models_retrain(force: bool = False) -> str | None:
    """From beat: only when enough decisions accumulated. `force` (the /models/ page's button): on any reviews."""
    from claims.services.extractor_models import extractor_model_retrain_if_due

    model = extractor_model_retrain_if_due(min_decisions=0 if force else None)
    return None if model is None else f"{model.version}: {model.status}"


@shared_task(
    autoretry_for=TRANSIENT_DB_ERRORS,  # safe: each claim is updated by compare-and-set, reviewed ones never
    retry_backoff=2,
    max_retries=3,
    time_limit=settings.CELERY_VISIBILITY_TIMEOUT - 5,
    soft_time_limit=settings.CELERY_VISIBILITY_TIMEOUT - 10,
)
def claims_topics_rerun_task() -> dict[str, int]:
    """From the topics page: topic and stance again on every pending claim, with the topics as they are now."""
    from claims.services.topics import claims_topics_rerun

    outcome = claims_topics_rerun()
    return {"checked": outcome.checked, "changed": outcome.changed, "skipped": outcome.skipped}


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=2, max_retries=3)
def articles_requeue_stale_task() -> int:
    return len(articles_requeue_stale())


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=2, max_retries=3)
def sources_poll_due() -> int:
    return len(sources_poll_due_run())


@shared_task(
    acks_late=True,  # safe: entries already stored are recognised by URL and text
    autoretry_for=(*TRANSIENT_DB_ERRORS, *FEED_TRANSIENT_ERRORS),
    retry_backoff=10,
    retry_backoff_max=settings.EXTRACTION_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=3,
)
def source_poll(source_id: int) -> int:
    return source_poll_run(source_id=int(source_id)).created
