"""Webhooks: each newly approved statement is POSTed, HMAC-signed, to every active subscriber, with retries."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from claims.models import Statement, WebhookDelivery, WebhookSubscription
from claims.services import review
from claims.services.webhooks import (
    webhook_deliveries_overdue,
    webhook_delivery_send,
    webhook_signature,
    webhook_signature_valid,
    webhook_statement_approved,
)
from claims.webhooks import webhook_deliver
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db

SECRET = "s3cret-shared-with-the-subscriber"


@dataclass
class Receiver:
    """A subscriber's endpoint on loopback, answering with the given status codes in turn (then the last one)."""

    codes: list[int]
    requests: list[dict] = field(default_factory=list)
    url: str = ""

    def answer(self) -> int:
        return self.codes[min(len(self.requests), len(self.codes)) - 1]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(codes=[200])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
            self.send_response(state.answer())
            self.end_headers()
            self.wfile.write(b"thanks")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hooks/onrecord"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscription(receiver: Receiver) -> WebhookSubscription:
    return WebhookSubscription.objects.create(url=receiver.url, secret=SECRET)


def approved_statement() -> Statement:
    """A statement with its deliveries, as the review services create them."""
    statement = StatementFactory()
    webhook_statement_approved(statement_id=statement.pk)
    return statement


def approve(editor_api, claim_id: int):  # noqa: ANN001, ANN201
    return editor_api.post(f"/api/claims/{claim_id}/approve", {}, format="json")


def test_an_approval_is_sent_to_each_active_subscriber_once_it_commits(
    editor_api, receiver, subscription, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.create(url="http://127.0.0.1:9/never", secret="x", is_active=False)
    claim = ClaimFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        statement_id = approve(editor_api, claim.pk).json()["id"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.subscription, delivery.statement_id, delivery.status) == (subscription, statement_id, "pending")
    assert receiver.requests == []  # nothing leaves before the approval commits

    for callback in callbacks:
        callback()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert len(receiver.requests) == 1


def test_a_statement_an_editor_adds_by_hand_is_sent_too(editor, subscription):
    article = ArticleFactory(text="Aid must continue, the senator said.")

    statement = review.statement_create_manual(
        article_id=article.pk, editor=editor, content_start=0, content_end=17, new_actor_name="The Senator"
    )

    delivery = WebhookDelivery.objects.get()
    assert (delivery.statement_id, delivery.payload["statement"]["text"]) == (statement.pk, "Aid must continue")


def test_a_statement_inserted_without_the_review_services_sends_nothing(subscription):
    StatementFactory()  # bulk loads and fixtures, such as the synthetic benchmark data

    assert not WebhookDelivery.objects.exists()


def test_the_post_is_signed_and_carries_the_statement_json(editor_api, receiver, subscription):
    claim = ClaimFactory()

    with override_settings(API_BASE_URL="https://onrecord.example.org"), transaction.atomic():
        statement_id = approve(editor_api, claim.pk).json()["id"]
    webhook_deliver.delay(WebhookDelivery.objects.get().pk)

    sent = receiver.requests[0]
    headers, body = sent["headers"], sent["body"]
    assert sent["path"] == "/hooks/onrecord"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-OnRecord-Event"] == "statement.approved"
    assert headers["X-OnRecord-Delivery"] == str(WebhookDelivery.objects.get().pk)
    assert webhook_signature_valid(secret=SECRET, header=headers["X-OnRecord-Signature"], body=body)
    payload = json.loads(body)
    assert payload["event"] == "statement.approved"
    public = editor_api.get(f"/api/statements/{statement_id}/").json()
    assert payload["statement"] == {**public, "url": f"https://onrecord.example.org/api/statements/{statement_id}/"}


def test_a_forged_or_replayed_signature_is_refused():
    body = b'{"event":"statement.approved"}'
    now = int(time.time())
    good = webhook_signature(secret=SECRET, timestamp=now, body=body)

    assert webhook_signature_valid(secret=SECRET, header=good, body=body)
    assert not webhook_signature_valid(secret="another secret", header=good, body=body)
    assert not webhook_signature_valid(secret=SECRET, header=good, body=body + b" ")
    stale = webhook_signature(secret=SECRET, timestamp=now - 3600, body=body)
    assert not webhook_signature_valid(secret=SECRET, header=stale, body=body)
    assert not webhook_signature_valid(secret=SECRET, header="garbage", body=body)


def test_server_errors_are_retried_with_growing_delays_until_delivered(receiver, subscription):
    receiver.codes = [503, 500, 200]
    approved_statement()
    delivery = WebhookDelivery.objects.get()
    due_times = []
    original = webhook_deliver.retry

    def spy_retry(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        due_times.append(kwargs["countdown"])
        return original(*args, **kwargs)

    with override_settings(WEBHOOK_BACKOFF=30, WEBHOOK_BACKOFF_MAX=3600):
        webhook_deliver.retry = spy_retry
        try:
            webhook_deliver.delay(delivery.pk)  # eager here: the retries run at once, their delays are recorded
        finally:
            webhook_deliver.retry = original

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(receiver.requests) == 3
    assert 24 <= due_times[0] <= 36
    assert 48 <= due_times[1] <= 72
    # Every attempt is the same delivery: the receiver can deduplicate on its id.
    assert {r["headers"]["X-OnRecord-Delivery"] for r in receiver.requests} == {str(delivery.pk)}


def test_it_gives_up_after_the_last_attempt(receiver, subscription):
    receiver.codes = [500]
    approved_statement()
    delivery = WebhookDelivery.objects.get()

    with override_settings(WEBHOOK_MAX_ATTEMPTS=3):
        assert webhook_deliver.delay(delivery.pk).get() == "failed"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 3, 500)
    assert "HTTP 500" in delivery.last_error
    assert len(receiver.requests) == 3


def test_a_client_error_is_final(receiver, subscription):
    receiver.codes = [410]
    approved_statement()
    delivery = WebhookDelivery.objects.get()

    assert webhook_deliver.delay(delivery.pk).get() == "failed"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)


def test_an_unreachable_subscriber_is_a_transient_failure():
    WebhookSubscription.objects.create(url="http://127.0.0.1:9/closed", secret=SECRET)
    approved_statement()
    delivery = WebhookDelivery.objects.get()

    with override_settings(WEBHOOK_MAX_ATTEMPTS=2):
        assert webhook_deliver.delay(delivery.pk).get() == "failed"

    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert "ConnectionError" in delivery.last_error


def test_a_delivery_is_never_sent_twice_at_once_nor_again_once_done(receiver, subscription):
    approved_statement()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(sending_until=timezone.now() + dt.timedelta(seconds=30))

    busy = webhook_delivery_send(delivery_id=delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(sending_until=None)
    sent = webhook_delivery_send(delivery_id=delivery.pk)
    again = webhook_delivery_send(delivery_id=delivery.pk)

    assert (busy.status, sent.status, again.status) == ("busy", "delivered", "skipped")
    assert 25 <= busy.retry_in <= 30
    assert len(receiver.requests) == 1


def test_a_rolled_back_statement_sends_nothing(receiver, subscription, django_capture_on_commit_callbacks):
    def approval_failing_after_the_statement() -> None:
        with transaction.atomic():
            approved_statement()
            raise RuntimeError("the approval failed later on")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            approval_failing_after_the_statement()

    assert callbacks == []

    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_without_subscribers_an_approval_writes_no_deliveries(editor_api):
    assert approve(editor_api, ClaimFactory().pk).status_code == 201

    assert Statement.objects.count() == 1
    assert not WebhookDelivery.objects.exists()


def test_the_sweeper_resends_deliveries_whose_task_was_lost(receiver, subscription):
    approved_statement()
    lost = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=lost.pk).update(next_attempt_at=timezone.now() - dt.timedelta(hours=1))
    approved_statement()  # just created: its task is on its way, not lost
    fresh = WebhookDelivery.objects.exclude(pk=lost.pk).get()

    resent = webhook_deliveries_overdue(grace=dt.timedelta(minutes=10))

    assert resent == [lost.pk]
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.status, fresh.status) == ("delivered", "pending")


def test_an_admin_adds_a_subscription_with_a_generated_secret(admin_client):
    form = admin_client.get("/admin/claims/webhooksubscription/add/")

    assert form.status_code == 200
    assert len(form.context["adminform"].form.initial["secret"]) >= 40
    assert admin_client.get("/admin/claims/webhookdelivery/").status_code == 200
