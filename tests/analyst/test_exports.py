"""Export of the current filtered view: the same rows as the page, as CSV and JSON Lines, streamed."""

import csv
import io
import json

import pytest

from tests.analyst.conftest import say
from tests.factories import ActorFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    actor = ActorFactory(name="Priya Mehta", slug="priya-mehta")
    other = ActorFactory(name="James Nowak", slug="james-nowak")
    energy = TopicFactory(name="Energy", slug="energy")
    statements = [
        say(actor, "that gas storage was full", topic=energy, stance="favor", on="2024-01-01"),
        say(actor, "that coal must go", topic=energy, stance="against", on="2024-02-01"),
        say(actor, "that the weather was mild", stance="neutral", on="2024-03-01"),
        say(other, "that gas was too dear", topic=energy, stance="against", on="2024-04-01"),
    ]
    return actor, statements


def body(response) -> str:  # noqa: ANN001
    assert response.streaming, "exports are streamed"
    return b"".join(response.streaming_content).decode()


def test_csv_has_a_header_and_the_rows_of_the_filtered_view(anonymous_client, record):
    _, (gas, coal, _, _) = record
    response = anonymous_client.get("/statements/export.csv?actor=priya-mehta&topic=energy")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="statements-priya-mehta-energy.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [int(r["id"]) for r in rows] == [coal.pk, gas.pk]  # newest first, as on the page
    assert rows[1] == rows[1] | {
        "said_on": "2024-01-01",
        "actor_name": "Priya Mehta",
        "actor_slug": "priya-mehta",
        "topic_name": "Energy",
        "stance": "favor",
        "kind": "indirect",
        "act": "speech",
        "text": "that gas storage was full",
    }
    assert rows[1]["article_title"] == gas.article.title


def test_jsonl_has_one_object_per_row_with_the_same_rows_as_the_page(anonymous_client, record):
    actor, _ = record
    page = anonymous_client.get("/actors/priya-mehta/?q=gas").content.decode()
    lines = body(anonymous_client.get("/statements/export.jsonl?actor=priya-mehta&q=gas")).splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["text"] for r in rows] == ["that gas storage was full"]
    assert "that gas storage was full" in page
    assert "too dear" not in page
    assert rows[0]["said_on"] == "2024-01-01"


def test_an_export_filtered_by_act_holds_only_that_act(anonymous_client):
    actor = ActorFactory(name="Priya Mehta", slug="priya-mehta")
    say(actor, "that gas storage was full", on="2024-01-01")
    say(actor, "that prices will fall", act="belief", cue_text="believes", on="2024-02-01")

    rows = list(csv.DictReader(io.StringIO(body(anonymous_client.get("/statements/export.csv?act=belief")))))

    assert [(r["text"], r["act"]) for r in rows] == [("that prices will fall", "belief")]


def test_the_actor_page_links_to_the_export_of_what_it_shows(anonymous_client, record):
    html = anonymous_client.get("/actors/priya-mehta/?topic=energy&stance=against").content.decode()
    assert 'href="/statements/export.csv?topic=energy&amp;stance=against&amp;actor=priya-mehta"' in html
    lines = body(anonymous_client.get("/statements/export.jsonl?topic=energy&stance=against&actor=priya-mehta"))
    assert [json.loads(line)["text"] for line in lines.splitlines()] == ["that coal must go"]


def test_oldest_first_and_search_filters_carry_into_the_export(anonymous_client, record):
    rows = body(anonymous_client.get("/statements/export.jsonl?actor=priya-mehta&sort=oldest")).splitlines()
    assert [json.loads(r)["said_on"] for r in rows] == ["2024-01-01", "2024-02-01", "2024-03-01"]


def test_csv_cells_never_start_a_spreadsheet_formula(anonymous_client):
    actor = ActorFactory(name="Hanna Haddad", slug="hanna-haddad")
    say(actor, '=HYPERLINK("http://evil.example","click")')
    rows = list(csv.DictReader(io.StringIO(body(anonymous_client.get("/statements/export.csv?actor=hanna-haddad")))))
    assert rows[0]["text"].startswith("'=HYPERLINK")


def test_an_export_of_many_rows_streams_them_all(anonymous_client):
    actor = ActorFactory(name="Mei Chen", slug="mei-chen")
    article = say(actor, "that it began").article
    for i in range(120):
        say(actor, "that it began", article=article, on=f"2024-01-{i % 28 + 1:02d}")
    response = anonymous_client.get("/statements/export.jsonl?actor=mei-chen")
    assert len(body(response).splitlines()) == 121


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2024-04-01&stance=bogus",
        "date_from=2024-02-30",
        "date_from=2024-05-01&date_to=2024-01-01",
        "actor=nobody",
        "topic=nothing",
        "kind=bogus",
        "sort=sideways",
    ],
)
def test_a_filter_it_cannot_read_is_a_400_naming_it_never_a_wider_export(anonymous_client, record, query):
    for fmt in ("csv", "jsonl"):
        response = anonymous_client.get(f"/statements/export.{fmt}?{query}")

        assert response.status_code == 400, query
        assert not response.streaming
        field = "filters" if "date_to" in query else query.rpartition("&")[2].partition("=")[0]
        assert response.content.decode().startswith(f"{field}: "), response.content
