"""Webhooks: an HMAC-signed POST to every active subscriber for each newly approved statement.

A delivery is a row written in the statement's own transaction: an approval that rolls back sends nothing, and one
that commits is never lost, even if the broker is down at that moment (the sweeper sends overdue deliveries again).
Celery sends each delivery after commit and retries transient failures (network errors, timeouts, 408, 429, 5xx)
with exponential backoff up to WEBHOOK_MAX_ATTEMPTS; any other answer but a 2xx is final.

What a subscriber receives:
    POST <url>, Content-Type: application/json, body {"event", "occurred_at", "statement": <Statement JSON>}
    X-OnRecord-Event: statement.approved
    X-OnRecord-Delivery: <delivery id>       the same on every attempt: deduplicate on it (delivery is at least once)
    X-OnRecord-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + raw body, keyed by the subscription secret>
Receivers check the signature with webhook_signature_valid (or its equivalent), which also refuses stale timestamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.dispatch import WEBHOOK_DELIVER, task_send
from claims.models import WebhookDelivery, WebhookSubscription
from claims.selectors.api import statement_json_get

logger = logging.getLogger(__name__)

EVENT_STATEMENT_APPROVED = "statement.approved"
SIGNATURE_TOLERANCE_SECONDS = 300


class WebhookTransientError(Exception):
    """The subscriber may take the delivery later: worth another attempt. `attempts` counts the ones made so far."""

    def __init__(self, message: str, *, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


@dataclass(frozen=True)
class SendOutcome:
    status: str  # delivered, failed, busy (another attempt holds it) or skipped (done, or gone)
    retry_in: float = 0.0  # for busy: seconds until the attempt under way gives up its hold


def webhook_secret_generate() -> str:
    return secrets.token_urlsafe(32)


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def webhook_signature_valid(
    *, secret: str, header: str, body: bytes, now: float | None = None, tolerance: int = SIGNATURE_TOLERANCE_SECONDS
) -> bool:
    """What a receiver checks: the HMAC matches (compared in constant time) and the timestamp is recent."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (ValueError, KeyError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, header)


def webhook_statement_approved(*, statement_id: int) -> list[int]:
    """Deliveries for a statement just created, in its transaction. Called by the review service that creates it
    (approval, an editor's own statement, undo); bulk inserts such as the synthetic benchmark data send nothing."""

    def payload() -> dict[str, Any]:
        return {
            "event": EVENT_STATEMENT_APPROVED,
            "occurred_at": timezone.now().isoformat(),
            "statement": statement_json_get(statement_id=statement_id),  # the caller's transaction sees the new row
        }

    return webhook_deliveries_create(statement_id=statement_id, event=EVENT_STATEMENT_APPROVED, payload=payload)


def webhook_deliveries_create(*, statement_id: int, event: str, payload: Callable[[], dict[str, Any]]) -> list[int]:
    """In the caller's transaction: one pending delivery per active subscription, each sent once that commits.

    `payload` is called only when somebody subscribes, so an approval without subscribers costs one small query.
    """
    subscription_ids = list(WebhookSubscription.objects.filter(is_active=True).values_list("pk", flat=True))
    if not subscription_ids:
        return []
    body = payload()
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription_id=subscription_id, statement_id=statement_id, event=event, payload=body, next_attempt_at=now
        )
        for subscription_id in subscription_ids
    )
    delivery_ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: webhook_deliveries_dispatch(delivery_ids=delivery_ids))
    return delivery_ids


def webhook_deliveries_dispatch(*, delivery_ids: list[int]) -> None:
    """Queue the sending tasks. Never raises: with the broker down, the sweeper sends them later."""
    for delivery_id in delivery_ids:
        try:
            task_send(WEBHOOK_DELIVER, args=[delivery_id])
        except Exception as exc:  # kombu's connection errors vary; the approval must not fail over a webhook
            logger.warning("Could not queue webhook delivery %d, the sweeper will: %s", delivery_id, exc)
            return


def webhook_delivery_send(*, delivery_id: int) -> SendOutcome:
    """One attempt at one delivery. Raises WebhookTransientError when another attempt may succeed.

    The attempt holds the delivery (a compare-and-set on sending_until), so a message delivered twice to the
    workers cannot send twice at once; a delivery that is done is left alone.
    """
    now = timezone.now()
    hold = now + dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT * 2 + 5)
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .filter(Q(sending_until__isnull=True) | Q(sending_until__lt=now))
        .update(sending_until=hold, attempts=F("attempts") + 1)
    )
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return SendOutcome("skipped")
    if not claimed:
        return SendOutcome("busy", retry_in=max(1.0, (delivery.sending_until - now).total_seconds()))
    if not delivery.subscription.is_active:
        _finish(delivery, WebhookDelivery.Status.FAILED, error="The subscription was deactivated.")
        return SendOutcome("failed")

    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "OnRecord-Webhooks/1",
        "X-OnRecord-Event": delivery.event,
        "X-OnRecord-Delivery": str(delivery.pk),
        "X-OnRecord-Signature": webhook_signature(
            secret=delivery.subscription.secret, timestamp=int(time.time()), body=body
        ),
    }
    try:
        response = requests.post(
            delivery.subscription.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT,
            allow_redirects=False,  # a redirect is the subscriber's misconfiguration, and could point anywhere
        )
    except requests.RequestException as exc:
        _finish(delivery, WebhookDelivery.Status.PENDING, error=f"{type(exc).__name__}: {exc}")
        raise WebhookTransientError(str(exc), attempts=delivery.attempts) from exc

    code = response.status_code
    if 200 <= code < 300:
        _finish(delivery, WebhookDelivery.Status.DELIVERED, code=code)
        return SendOutcome("delivered")
    error = f"HTTP {code}: {response.text[:500]}"
    if code in (408, 429) or code >= 500:
        _finish(delivery, WebhookDelivery.Status.PENDING, code=code, error=error)
        raise WebhookTransientError(error, attempts=delivery.attempts)
    _finish(delivery, WebhookDelivery.Status.FAILED, code=code, error=error)
    return SendOutcome("failed")


def webhook_delivery_retry_at(*, delivery_id: int, when: dt.datetime) -> None:
    """Record when the retry is due, so the sweeper can tell a waiting delivery from a lost one."""
    WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(next_attempt_at=when)


def webhook_delivery_give_up(*, delivery_id: int) -> None:
    WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, sending_until=None
    )


def webhook_deliveries_overdue(*, grace: dt.timedelta) -> list[int]:
    """Pending deliveries whose next attempt should have happened `grace` ago: their task was lost. Queued again."""
    overdue = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=timezone.now() - grace
        ).values_list("pk", flat=True)[:1000]
    )
    if overdue:
        webhook_deliveries_dispatch(delivery_ids=overdue)
    return overdue


def _finish(delivery: WebhookDelivery, status: str, *, code: int | None = None, error: str = "") -> None:
    fields: dict[str, Any] = {"status": status, "sending_until": None, "last_status_code": code, "last_error": error}
    if status == WebhookDelivery.Status.DELIVERED:
        fields["delivered_at"] = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
