"""Searches and exports of the HTML pages are throttled like the API: 429 with Retry-After past the rate."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def rates(**scopes: str):  # noqa: ANN201
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes},
        }
    )


@pytest.mark.parametrize(
    ("scope", "url"),
    [
        ("page_search", "/search/?q=pipeline"),
        ("page_search", "/actors/?q=mehta"),
        ("page_export", "/statements/export.csv?q=pipeline"),
        ("page_export", "/statements/export.jsonl?q=pipeline"),
    ],
)
def test_it_answers_429_with_retry_after_past_the_rate(anonymous_client, scope: str, url: str) -> None:
    with rates(**{scope: "3/minute"}):
        statuses = [anonymous_client.get(url).status_code for _ in range(4)]
        refused = anonymous_client.get(url)

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Try again in" in refused.content.decode()


def test_searches_and_exports_are_counted_apart(anonymous_client) -> None:
    with rates(page_search="1/minute", page_export="1/minute"):
        assert anonymous_client.get("/search/?q=pipeline").status_code == 200
        assert anonymous_client.get("/statements/export.csv?q=pipeline").status_code == 200
        assert anonymous_client.get("/actors/?q=mehta").status_code == 429


def test_browsing_without_a_query_is_not_counted(anonymous_client) -> None:
    ActorFactory(name="Priya Mehta")
    with rates(page_search="1/minute"):
        statuses = [anonymous_client.get(url).status_code for url in ["/actors/", "/search/", "/actors/", "/search/"]]
        assert anonymous_client.get("/actors/?q=mehta").status_code == 200

    assert statuses == [200, 200, 200, 200]


def test_each_address_and_each_account_has_its_own_count(editor_client) -> None:
    with rates(page_search="1/minute"):
        first = Client(REMOTE_ADDR="198.51.100.1")
        second = Client(REMOTE_ADDR="198.51.100.2")
        assert first.get("/search/?q=pipeline").status_code == 200
        assert first.get("/search/?q=pipeline").status_code == 429
        assert second.get("/search/?q=pipeline").status_code == 200
        assert editor_client.get("/search/?q=pipeline").status_code == 200
