"""One error body everywhere, 413 for oversized bodies, and throttling that answers 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from claims.api import views
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def rates(**scopes: str):  # noqa: ANN201
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": scopes})


def assert_error_body(response, status: int, code: str) -> None:  # noqa: ANN001
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


@pytest.mark.parametrize("path", ["/api/no/such/thing", "/api/claims/abc/", "/api/claims/%0A1/"])
def test_an_unknown_api_url_gets_the_error_body(api, path):
    assert_error_body(api.get(path), 404, "not_found")


def test_a_post_to_an_unknown_url_with_a_session_is_a_json_404_not_a_csrf_403(editor_client):
    response = editor_client.post("/api/claims/x/approve", {})

    assert_error_body(response, 404, "not_found")


def test_a_wrong_method_gets_the_error_body(api):
    assert_error_body(api.delete("/api/statements/"), 405, "method_not_allowed")


def test_an_unexpected_failure_still_gets_the_error_body(monkeypatch):
    def broken() -> None:
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(views, "topic_list_api", broken)
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/topics/")

    assert_error_body(response, 500, "server_error")
    assert "fell over" not in response.content.decode()


def test_a_body_over_the_upload_limit_is_a_413(editor_api):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        response = editor_api.post("/api/topics/", {"text": "x" * 200}, format="json")

    assert_error_body(response, 413, "too_large")


def test_a_stranger_with_a_large_body_learns_only_that_they_must_log_in(api):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        response = api.post("/api/claims/", {"text": "x" * 200}, format="json")

    assert_error_body(response, 401, "not_authenticated")


def test_anonymous_clients_are_throttled_with_429_and_retry_after(api):
    StatementFactory()
    with rates(anon="3/minute", user="100/minute"):
        answers = [api.get("/api/statements/").status_code for _ in range(4)]
        throttled = api.get("/api/actors/")

    assert answers == [200, 200, 200, 429]
    assert_error_body(throttled, 429, "throttled")
    assert 0 < int(throttled.headers["Retry-After"]) <= 60


def test_each_address_has_its_own_allowance(api):
    with rates(anon="1/minute", user="100/minute"):
        first = api.get("/api/topics/", REMOTE_ADDR="192.0.2.1")
        again = api.get("/api/topics/", REMOTE_ADDR="192.0.2.1")
        other = api.get("/api/topics/", REMOTE_ADDR="192.0.2.2")
        # X-Forwarded-For is not trusted unless API_NUM_PROXIES says there is a proxy to trust.
        spoofed = api.get("/api/topics/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert [r.status_code for r in (first, again, other, spoofed)] == [200, 429, 200, 429]


def test_signed_in_clients_have_their_own_larger_allowance(api, editor_api):
    with rates(anon="1/minute", user="3/minute"):
        anonymous = [api.get("/api/topics/").status_code for _ in range(2)]
        editor = [editor_api.get("/api/topics/").status_code for _ in range(4)]

    assert anonymous == [200, 429]
    assert editor == [200, 200, 200, 429]


def test_the_export_is_throttled_too(api):
    with rates(anon="1/minute", user="100/minute"):
        api.get("/api/statements/export")
        response = api.get("/api/statements/export")

    assert_error_body(response, 429, "throttled")
