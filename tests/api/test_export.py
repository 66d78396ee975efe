"""GET /api/statements/export?format=jsonl|csv: the list's filters, streamed in keyset batches, no row cap."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from claims.api import export
from tests.factories import ActorFactory, ArticleFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/statements/export"


def body(response) -> str:  # noqa: ANN001
    assert response.streaming
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def small_batches(monkeypatch) -> int:  # noqa: ANN001
    """Batches of 3 rows, so a handful of statements spans several batches."""
    monkeypatch.setattr(export, "EXPORT_BATCH", 3)
    return 3


@pytest.fixture
def statements() -> list:
    actor, article = ActorFactory(slug="peskov"), ArticleFactory()
    days = [5, None, 1, 9, 2, None, 7, 3]
    return [StatementFactory(actor=actor, article=article, said_on=dt.date(2024, 1, d) if d else None) for d in days]


def test_jsonl_is_the_default_and_has_every_row_once_in_list_order(api, statements, small_batches):
    response = api.get(EXPORT)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/jsonl; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="statements.jsonl"'
    rows = [json.loads(line) for line in body(response).splitlines()]
    listed = api.get("/api/statements/", {"page_size": 200}).json()["results"]
    assert rows == listed
    assert len(rows) == len(statements) > small_batches


def test_each_batch_is_one_query(api, statements, small_batches, django_assert_num_queries):
    response = api.get(EXPORT)
    # 1-2. two batches of three dated statements
    # 3-4. the last dated statement has been read: the undated ones, two, make a short batch and end the export
    with django_assert_num_queries(4):
        lines = body(response).splitlines()
    assert len(lines) == 8


def test_csv_has_a_header_and_one_row_per_statement(api, statements, small_batches):
    response = api.get(EXPORT, {"format": "csv"})

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    assert [int(row["id"]) for row in rows] == [
        item["id"] for item in api.get("/api/statements/", {"page_size": 200}).json()["results"]
    ]
    first = rows[0]
    assert (first["actor_slug"], first["said_on"], first["topic_slug"]) == ("peskov", "2024-01-01", "")


def test_csv_can_be_chosen_by_the_accept_header(api, statements):
    response = api.get(EXPORT, HTTP_ACCEPT="text/csv")

    assert body(response).startswith("id,actor_slug,")


def test_it_applies_the_list_filters(api, statements):
    topic = TopicFactory(slug="aid")
    on_topic = StatementFactory(topic=topic, said_on=dt.date(2024, 2, 1))

    lines = body(api.get(EXPORT, {"topic": "aid"})).splitlines()
    none = body(api.get(EXPORT, {"format": "csv", "actor": "nobody"})).splitlines()

    assert [json.loads(line)["id"] for line in lines] == [on_topic.pk]
    assert none == [",".join(export.CSV_COLUMNS)]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(api):
    article = ArticleFactory(text='He said "=HYPERLINK(1)" loudly.', title="@risk")
    StatementFactory(article=article, text="=HYPERLINK(1)")

    row = next(csv.DictReader(io.StringIO(body(api.get(EXPORT, {"format": "csv"})))))

    assert row["text"] == "'=HYPERLINK(1)"
    assert row["article_title"] == "'@risk"
    # JSON Lines is for programs: the text stays as it is.
    assert json.loads(body(api.get(EXPORT)))["text"] == "=HYPERLINK(1)"


def test_an_unknown_format_or_filter_value_is_a_json_400(api):
    for params in ({"format": "xml"}, {"stance": "loud"}):
        response = api.get(EXPORT, params)
        assert response.status_code == 400
        assert response.headers["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "invalid"


def test_every_persona_may_export(api, outsider_api, editor_api, statements):
    for client in (api, outsider_api, editor_api):
        assert len(body(client.get(EXPORT)).splitlines()) == len(statements)
