"""The actor page: a timeline grouped by day, filters, full-text search, pagination, a constant number of queries."""

import datetime as dt

import pytest

from tests.analyst.conftest import say
from tests.factories import ActorFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return ActorFactory(name="Olena Dubois", slug="olena-dubois")


@pytest.fixture
def topics():
    return TopicFactory(name="Energy", slug="energy"), TopicFactory(name="Trade", slug="trade")


def cards(html: str) -> int:
    return html.count('<article class="statement')


def test_the_timeline_is_grouped_by_day_newest_first_with_a_switch_to_oldest_first(anonymous_client, actor):
    say(actor, "that prices would fall", on="2024-03-01")
    say(actor, "that the grid was safe", on="2024-03-05")
    say(actor, "that exports would grow", on="2024-03-05")
    html = anonymous_client.get("/actors/olena-dubois/").content.decode()
    assert html.count('<li class="day">') == 2
    assert html.index("Tuesday 5 March 2024") < html.index("Friday 1 March 2024")
    oldest = anonymous_client.get("/actors/olena-dubois/?sort=oldest").content.decode()
    assert oldest.index("Friday 1 March 2024") < oldest.index("Tuesday 5 March 2024")
    assert 'href="?sort=oldest"' in html


def test_filters_narrow_by_topic_stance_kind_and_dates(anonymous_client, actor, topics):
    energy, trade = topics
    say(actor, "that the pipeline must be finished", topic=energy, stance="favor", kind="direct", on="2024-01-10")
    say(actor, "that tariffs hurt farmers", topic=trade, stance="against", kind="indirect", on="2024-02-10")
    say(actor, "that coal plants should close", topic=energy, stance="against", kind="indirect", on="2024-03-10")

    def texts(query: str) -> list[str]:
        html = anonymous_client.get(f"/actors/olena-dubois/?{query}").content.decode()
        return [t for t in ["pipeline", "tariffs", "coal"] if t in html.split('id="timeline-h"')[1]]

    assert texts("topic=energy") == ["pipeline", "coal"]
    assert texts("stance=against") == ["tariffs", "coal"]
    assert texts("kind=direct") == ["pipeline"]
    assert texts("date_from=2024-02-01&date_to=2024-02-28") == ["tariffs"]
    assert texts("topic=energy&stance=against") == ["coal"]


def test_what_an_actor_believes_is_marked_apart_from_what_they_said_and_can_be_filtered(anonymous_client, actor):
    say(actor, "that the grid was safe", cue_text="said", on="2024-03-01")
    belief = say(actor, "that prices will fall next winter", cue_text="believes", act="belief", on="2024-03-05")

    html = anonymous_client.get("/actors/olena-dubois/").content.decode()
    timeline = html.split('id="timeline-h"')[1]
    believed = timeline[timeline.index("believes") : timeline.index("prices will fall")]
    said = timeline[timeline.index("grid was safe") - 600 : timeline.index("grid was safe")]
    assert '<span class="visually-hidden">Act: </span>Believes</span>' in believed
    assert "Believes" not in said  # speech needs no badge: "said" is the default reading
    assert '<option value="belief">Believes</option>' in html

    beliefs = anonymous_client.get("/actors/olena-dubois/?act=belief").content.decode().split('id="timeline-h"')[1]
    assert "prices will fall" in beliefs
    assert "grid was safe" not in beliefs
    speech = anonymous_client.get("/actors/olena-dubois/?act=speech").content.decode().split('id="timeline-h"')[1]
    assert "grid was safe" in speech
    assert "prices will fall" not in speech
    permalink = anonymous_client.get(belief.get_absolute_url()).content.decode()
    assert '<span class="visually-hidden">Act: </span>Believes</span>' in permalink


def test_a_reversed_date_range_is_a_visible_400_not_a_wider_result(anonymous_client, actor):
    say(actor, "that prices would fall", on="2024-03-01")
    response = anonymous_client.get("/actors/olena-dubois/?date_from=2024-05-01&date_to=2024-01-01")
    html = response.content.decode()
    assert response.status_code == 400
    assert "The start date is after the end date." in html
    assert cards(html) == 0  # no timeline that silently ignores the range


def test_full_text_search_ranks_and_highlights_matches(anonymous_client, actor):
    say(actor, "that gas storage was full", on="2024-01-01")
    say(actor, "that gas prices and gas storage both mattered, gas above all", on="2023-01-01")
    say(actor, "that the weather was mild", on="2024-02-01")
    html = anonymous_client.get("/actors/olena-dubois/?q=gas").content.decode()
    assert cards(html) == 2
    assert "weather" not in html.split('id="timeline-h"')[1]
    # Best match first: the statement that says "gas" three times, though it is older.
    assert html.index("gas prices") < html.index("was full")
    assert "<mark>gas</mark> storage was full" in html
    # English stemming: "price" finds "prices".
    assert cards(anonymous_client.get("/actors/olena-dubois/?q=price").content.decode()) == 1


def test_search_syntax_never_breaks_the_page(anonymous_client, actor):
    say(actor, "that gas storage was full")
    for q in ['"gas storage"', "gas -storage", "gas OR oil", "!!! & | :*", "'", "(", "gas & (", "a" * 200]:
        assert anonymous_client.get("/actors/olena-dubois/", {"q": q}).status_code == 200, q


def test_pagination_pages_through_the_timeline(anonymous_client, actor):
    for day in range(30):
        say(actor, f"that day {day} mattered", on=dt.date(2024, 1, 1) + dt.timedelta(days=day))
    first = anonymous_client.get("/actors/olena-dubois/").content.decode()
    second = anonymous_client.get("/actors/olena-dubois/?page=2").content.decode()
    assert cards(first) == 25
    assert cards(second) == 5
    assert "1–25 of 30 statements" in first
    assert "day 29 mattered" in first
    assert "day 0 mattered" in second
    assert cards(anonymous_client.get("/actors/olena-dubois/?page=99").content.decode()) == 5
    assert cards(anonymous_client.get("/actors/olena-dubois/?page=x").content.decode()) == 25


def test_the_stance_chart_is_drawn_per_topic_with_title_and_description(anonymous_client, actor, topics):
    energy, trade = topics
    say(actor, "that the pipeline must be finished", topic=energy, stance="favor", on="2024-01-10")
    say(actor, "that coal plants should close", topic=energy, stance="against", on="2024-03-10")
    say(actor, "that tariffs hurt farmers", topic=trade, stance="against", on="2024-02-10")
    html = anonymous_client.get("/actors/olena-dubois/").content.decode()
    assert html.count('<svg class="stance-chart"') == 2
    assert '<title id="chart-topic-' in html
    assert "<desc id=" in html
    assert "2 statements from January 2024 to March 2024: 1 favor, 0 neutral, 1 against." in html


@pytest.mark.parametrize("query", ["", "?q=talks", "?topic=energy&stance=favor&sort=oldest"])
def test_the_actor_page_makes_six_queries_however_many_statements(
    anonymous_client, actor, topics, django_assert_num_queries, query
):
    energy, trade = topics
    say(actor, "that the talks went well", topic=energy, stance="favor")
    # 1 the actor with its aliases and statement count, 2 the topics (filter choices and chart titles),
    # 3 the count of the filtered statements, 4 the page of statements with excerpts and previous stances,
    # 5 the chart buckets per topic, stance and day or month, 6 the latest stance shifts on each topic.
    with django_assert_num_queries(6):
        anonymous_client.get(f"/actors/olena-dubois/{query}")
    for day in range(60):
        say(
            actor,
            f"that the talks went well on day {day}",
            topic=[energy, trade][day % 2],
            stance=["favor", "against", "neutral"][day % 3],
            on=dt.date(2023, 1, 1) + dt.timedelta(days=day * 5),
        )
    with django_assert_num_queries(6):
        response = anonymous_client.get(f"/actors/olena-dubois/{query}")
    assert response.status_code == 200


def test_a_search_with_too_many_matches_to_rank_shows_them_newest_first(anonymous_client, actor, monkeypatch):
    monkeypatch.setattr("claims.selectors.statements.SEARCH_COUNT_CAP", 3)
    say(actor, "that gas gas gas mattered most", on="2020-01-01")
    for day in range(1, 5):
        say(actor, f"that gas mattered on day {day}", on=f"2024-01-0{day}")
    html = anonymous_client.get("/search/?q=gas").content.decode()
    assert "too many to rank" in html
    assert "of 3+ statements" in html
    # Newest first, not best match: the 2020 statement that says "gas" three times is not on top.
    assert html.index("day 4") < html.index("day 3")
    assert "gas gas gas" not in html.split('class="ranked"')[1].split("</article>")[0]
