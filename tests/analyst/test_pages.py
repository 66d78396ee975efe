"""The analyst pages answer every persona, and only ever show approved statements."""

import pytest

from claims.models import Claim
from tests.analyst.conftest import say
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, ClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["editor", "outsider", "anonymous"]


@pytest.fixture
def record():
    peskov = ActorFactory(
        name="Dmitry Peskov", slug="dmitry-peskov", role="Kremlin press secretary", wikidata_id="Q4155603"
    )
    AliasFactory(actor=peskov, name="Kremlin spokesman", is_role=True)
    AliasFactory(actor=peskov, name="Peskov")
    zelensky = ActorFactory(name="Volodymyr Zelensky", slug="volodymyr-zelensky", role="President of Ukraine")
    talks = TopicFactory(name="Peace talks", slug="peace-talks")
    say(peskov, "that Russia was ready to negotiate", topic=talks, stance="favor", on="2023-12-05")
    say(zelensky, "that no talks could start while troops remained", topic=talks, stance="against", on="2023-12-06")
    # Machine candidates nobody approved: they must never show.
    for status in [Claim.Status.PENDING, Claim.Status.REJECTED]:
        article = ArticleFactory(text=f"Dmitry Peskov said that a clandestine {status} deal existed. More text.")
        ClaimFactory(
            article=article,
            actor=peskov,
            content_fragment=f"that a clandestine {status} deal existed",
            topic=talks,
            status=status,
        )
    return {"peskov": peskov, "zelensky": zelensky, "talks": talks}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_serves_every_page_to_every_persona(personas, persona, record):
    client = personas[persona]
    statement = record["peskov"].statements.get()
    urls = [
        "/",
        "/actors/",
        "/actors/?q=spokesman",
        "/actors/dmitry-peskov/",
        "/actors/dmitry-peskov/shifts/",
        "/actors/dmitry-peskov/feed/",
        "/topics/peace-talks/",
        "/topics/peace-talks/feed/",
        "/search/?q=negotiate",
        "/compare/?topic=peace-talks&actor=dmitry-peskov&actor=volodymyr-zelensky",
        f"/statements/{statement.pk}/",
        "/statements/export.csv?actor=dmitry-peskov",
        "/statements/export.jsonl?q=talks",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_home_page_shows_recent_statements_actors_with_counts_and_topics(anonymous_client, record):
    html = anonymous_client.get("/").content.decode()
    assert "ready to negotiate" in html
    assert "Dmitry Peskov" in html
    assert "Volodymyr Zelensky" in html
    assert "Peace talks" in html
    assert "2 approved statements" in html


def test_the_actor_directory_finds_actors_by_alias_role_or_name(anonymous_client, record):
    assert "Dmitry Peskov" in anonymous_client.get("/actors/?q=kremlin+spokesman").content.decode()
    html = anonymous_client.get("/actors/?q=zelensky").content.decode()
    assert "Volodymyr Zelensky" in html
    assert "Dmitry Peskov" not in html


def test_the_actor_header_shows_role_aliases_and_wikidata(anonymous_client, record):
    html = anonymous_client.get("/actors/dmitry-peskov/").content.decode()
    assert "Kremlin press secretary" in html
    assert "Peskov" in html
    assert "Kremlin spokesman" in html
    assert 'href="https://www.wikidata.org/wiki/Q4155603"' in html
    assert 'href="/actors/dmitry-peskov/feed/"' in html


def test_an_actor_without_wikidata_id_gets_no_wikidata_link(anonymous_client, record):
    assert "wikidata.org" not in anonymous_client.get("/actors/volodymyr-zelensky/").content.decode()


def test_a_statement_shows_cue_badges_source_excerpt_and_permalink(anonymous_client, record):
    statement = record["peskov"].statements.get()
    html = anonymous_client.get("/actors/dmitry-peskov/").content.decode()
    assert '<span class="cue" title="Reporting verb">said</span>' in html
    assert 'class="badge topic" href="/topics/peace-talks/"' in html
    assert "stance-favor" in html
    assert f'href="/statements/{statement.pk}/"' in html
    # The excerpt is the article text around the span, with the span highlighted.
    assert "Dmitry Peskov said <mark>that Russia was ready to negotiate</mark>. Nothing else happened." in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_approved_statements_appear_never_candidates(personas, persona, record):
    client = personas[persona]
    for url in [
        "/",
        "/actors/dmitry-peskov/",
        "/topics/peace-talks/",
        "/search/?q=clandestine+deal",
        "/actors/dmitry-peskov/feed/",
        "/topics/peace-talks/feed/",
        "/compare/?topic=peace-talks&actor=dmitry-peskov&actor=volodymyr-zelensky",
        "/statements/export.jsonl?q=clandestine",
    ]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"deal existed" not in body, url
    html = client.get("/actors/dmitry-peskov/").content.decode()
    assert html.count('<article class="statement') == 1


def test_unknown_actor_topic_and_statement_are_404(anonymous_client, db):
    for url in [
        "/actors/nobody/",
        "/topics/nothing/",
        "/statements/999999/",
        "/actors/nobody/feed/",
        "/topics/nothing/feed/",
        "/actors/nobody/shifts/",
        "/statements/export.xml",
    ]:
        assert anonymous_client.get(url).status_code == 404, url


def test_the_topic_page_charts_every_actor_on_the_topic(anonymous_client, record):
    html = anonymous_client.get("/topics/peace-talks/").content.decode()
    assert html.count('<svg class="stance-chart"') == 2
    assert "Stance over time: Dmitry Peskov" in html
    assert "Stance over time: Volodymyr Zelensky" in html


def test_compare_puts_actors_in_parallel_columns_by_date(anonymous_client, record):
    html = anonymous_client.get(
        "/compare/?topic=peace-talks&actor=dmitry-peskov&actor=volodymyr-zelensky"
    ).content.decode()
    assert html.index("Dmitry Peskov") < html.index("Volodymyr Zelensky")
    # Newest first: the 6 December row comes before the 5 December row.
    assert html.index('datetime="2023-12-06"') < html.index('datetime="2023-12-05"')
    assert "ready to negotiate" in html
    assert "troops remained" in html


def test_compare_needs_two_to_four_different_actors(anonymous_client, record):
    html = anonymous_client.get("/compare/?topic=peace-talks&actor=dmitry-peskov&actor=dmitry-peskov").content.decode()
    assert "Pick 2 to 4 different actors." in html
    assert "ready to negotiate" not in html


def test_compare_prefills_from_an_actor_page_link_without_errors(anonymous_client, record):
    html = anonymous_client.get("/compare/?actor=dmitry-peskov").content.decode()
    assert '<option value="dmitry-peskov" selected>' in html
    assert "Pick 2 to 4" not in html


def test_the_navigation_shows_editor_links_only_to_editors(personas, record):
    assert 'href="/review/"' in personas["editor"].get("/actors/").content.decode()
    for persona in ["outsider", "anonymous"]:
        assert 'href="/review/"' not in personas[persona].get("/actors/").content.decode()


def test_search_filters_by_actor(anonymous_client, record):
    html = anonymous_client.get("/search/?q=talks&actor=volodymyr-zelensky").content.decode()
    assert '<option value="volodymyr-zelensky" selected>' in html
    assert "troops remained" in html
    assert (
        anonymous_client.get("/search/?q=negotiate&actor=volodymyr-zelensky")
        .content.decode()
        .count('<article class="statement')
        == 0
    )


@pytest.mark.parametrize(("persona", "sees_link"), [("editor", True), ("outsider", False), ("anonymous", False)])
def test_only_editors_get_a_link_from_a_statement_to_its_review_page(personas, persona, sees_link, record):
    statement = record["peskov"].statements.get()

    html = personas[persona].get(f"/statements/{statement.pk}/").content.decode()

    assert (f'href="/review/statements/{statement.pk}/"' in html) is sees_link


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("/search/?q=talks&stance=bogus", "Select a valid choice"),
        ("/search/?q=talks&date_from=2024-02-30", "Enter a valid date"),
        ("/search/?actor=nobody", "Select a valid choice"),
        ("/search/?topic=nothing", "Select a valid choice"),
        ("/actors/dmitry-peskov/?stance=bogus", "Select a valid choice"),
        ("/actors/dmitry-peskov/?date_from=2024-03-01&date_to=2024-01-01", "The start date is after the end date."),
    ],
)
def test_a_filter_it_cannot_read_shows_its_error_and_lists_nothing(anonymous_client, record, url, error):
    response = anonymous_client.get(url)

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert '<article class="statement' not in html, "never the list the bad filter would have narrowed"
