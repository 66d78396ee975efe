"""Sending extraction work again: an editor's retry of a failed article, and the sweeper for lost extractions."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Article
from claims.services.extraction import article_extraction_lock_held

logger = logging.getLogger(__name__)


def article_extraction_retry(*, article: Article) -> bool:
    """Send a failed article to extraction again, with a fresh attempt count. False if it was not failed."""
    with transaction.atomic():
        updated = Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
            status=Article.Status.QUEUED,
            status_changed_at=timezone.now(),
            extraction_attempts=0,
            extraction_error="",
        )
        if updated:
            article_id = article.pk
            transaction.on_commit(lambda: _articles_enqueue([article_id]))
    return bool(updated)


def articles_requeue_stale(
    *, queued_for: dt.timedelta | None = None, running_for: dt.timedelta | None = None, limit: int = 1000
) -> list[int]:
    """Send again the articles whose extraction was lost: queued for too long (the broker was down, or lost its
    messages), running without a live run's lock (the worker died: at once), or running past the hard time limit
    (the fallback, should a lock outlive its run). Returns their ids.

    Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED and their clock restarted before commit, so two
    sweepers never send the same article twice. A run that finishes while the sweep reads is not sent again: the
    row lock re-checks the status against the committed row.
    """
    if queued_for is None:
        queued_for = dt.timedelta(seconds=settings.EXTRACTION_REQUEUE_QUEUED_AFTER)
    if running_for is None:
        running_for = dt.timedelta(seconds=settings.EXTRACTION_REQUEUE_RUNNING_AFTER)
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            Article.objects.select_for_update(skip_locked=True)
            .alias(run_alive=article_extraction_lock_held())
            .filter(
                Q(status=Article.Status.QUEUED, status_changed_at__lte=now - queued_for)
                | Q(status=Article.Status.RUNNING, status_changed_at__lte=now - running_for)
                | Q(status=Article.Status.RUNNING, run_alive=False)
            )
            .order_by("status_changed_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if stale:
            Article.objects.filter(pk__in=stale).update(status=Article.Status.QUEUED, status_changed_at=now)
            transaction.on_commit(lambda: _articles_enqueue(stale))
    if stale:
        logger.info("Requeued %d stale article(s)", len(stale))
    return stale


def _articles_enqueue(article_ids: list[int]) -> None:
    # Looked up when called: the one place that publishes, and the one place tests replace.
    from claims.services.articles import articles_enqueue

    articles_enqueue(article_ids=article_ids)
