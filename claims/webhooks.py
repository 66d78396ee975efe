"""Webhook interfaces: the signal that records a delivery when a statement is created, and the Celery tasks.

The rules live in claims/services/webhooks.py. Imported by ClaimsConfig.ready(), so web and worker processes both
connect the signal and register the tasks.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from claims.models import Statement
from claims.services.webhooks import (
    EVENT_STATEMENT_APPROVED,
    WebhookTransientError,
    webhook_deliveries_create,
    webhook_deliveries_overdue,
    webhook_delivery_give_up,
    webhook_delivery_retry_at,
    webhook_delivery_send,
)


@receiver(post_save, sender=Statement, dispatch_uid="claims.webhooks.statement_approved")
def _statement_created(sender: type[Statement], instance: Statement, created: bool, raw: bool, **kwargs: Any) -> None:
    # Every way a statement comes to be (approval, an editor's manual statement, undo) saves one; fixtures (raw) and
    # bulk inserts such as the synthetic benchmark data do not, and send nothing.
    if not created or raw:
        return

    def payload() -> dict[str, Any]:
        from claims.api.serializers import StatementSerializer
        from claims.selectors.api import statement_rows_api

        row = statement_rows_api().get(pk=instance.pk)  # in the saving transaction, so it sees the new row
        return {
            "event": EVENT_STATEMENT_APPROVED,
            "occurred_at": timezone.now().isoformat(),
            "statement": StatementSerializer(row).data,
        }

    webhook_deliveries_create(statement_id=instance.pk, event=EVENT_STATEMENT_APPROVED, payload=payload)


# acks_late is safe: an attempt holds the row while it sends, and a delivery that is done is skipped. The attempt
# count lives in the row, so retries after a lost task (resent by the sweeper) still stop at WEBHOOK_MAX_ATTEMPTS.
@shared_task(bind=True, acks_late=True, max_retries=None)
def webhook_deliver(self: Any, delivery_id: int) -> str:
    try:
        outcome = webhook_delivery_send(delivery_id=int(delivery_id))
    except WebhookTransientError as exc:
        if exc.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            webhook_delivery_give_up(delivery_id=delivery_id)
            return "failed"
        backoff = min(settings.WEBHOOK_BACKOFF_MAX, settings.WEBHOOK_BACKOFF * 2 ** (exc.attempts - 1))
        countdown = backoff * random.uniform(0.8, 1.2)  # noqa: S311 (jitter, not cryptography)
        webhook_delivery_retry_at(delivery_id=delivery_id, when=timezone.now() + dt.timedelta(seconds=countdown))
        raise self.retry(exc=exc, countdown=countdown) from exc
    if outcome.status == "busy":  # another worker's attempt holds it: look again when that hold runs out
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task
def webhook_deliveries_resend_overdue() -> int:
    """celery beat: send again the deliveries whose task was lost (broker down at approval, worker killed)."""
    return len(webhook_deliveries_overdue(grace=dt.timedelta(seconds=settings.WEBHOOK_OVERDUE_AFTER)))
