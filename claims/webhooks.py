"""Webhook Celery tasks. The rules, and the deliveries made when a statement is created, live in
claims/services/webhooks.py. Imported by ClaimsConfig.ready(), so web and worker processes both register the tasks.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from claims.services.webhooks import (
    WebhookTransientError,
    webhook_deliveries_overdue,
    webhook_delivery_give_up,
    webhook_delivery_retry_at,
    webhook_delivery_send,
)


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
