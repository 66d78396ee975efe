"""Stance shifts: a change of an actor's stance on a topic from one day to a later one; a day that disagrees with
itself is mixed, not a shift."""

import datetime as dt

import pytest

from claims.selectors.analytics import stance_shifts_for_actor, stance_shifts_recent
from tests.analyst.conftest import say
from tests.factories import ActorFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return ActorFactory(name="Lars Mehta", slug="lars-mehta")


@pytest.fixture
def topic():
    return TopicFactory(name="Sanctions", slug="sanctions")


def sequence(actor, topic, stances: str, start=dt.date(2024, 1, 1)):  # noqa: ANN001, ANN201
    """Statements one day apart with the stances given as letters: f(avor), a(gainst), n(eutral), -(none)."""
    names = {"f": "favor", "a": "against", "n": "neutral", "-": ""}
    return [
        say(actor, f"that step {i} was right", topic=topic, stance=names[letter], on=start + dt.timedelta(days=i))
        for i, letter in enumerate(stances)
    ]


def changes(actor) -> list[tuple[str, str]]:  # noqa: ANN001
    shifts, total = stance_shifts_for_actor(actor_id=actor.pk, limit=100)
    assert total == len(shifts)
    return [(s.previous_stance, s.stance) for s in reversed(shifts)]


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        ("fff", []),
        ("fa", [("favor", "against")]),
        ("ffaaf", [("favor", "against"), ("against", "favor")]),
        ("fnaf", [("favor", "neutral"), ("neutral", "against"), ("against", "favor")]),
        ("f-f", []),  # a statement without a stance neither shifts nor breaks the run
        ("f-a", [("favor", "against")]),
        ("a", []),
        ("", []),
    ],
)
def test_it_finds_the_changes_between_consecutive_statements(actor, topic, stances, expected):
    sequence(actor, topic, stances)
    assert changes(actor) == expected


def test_topics_are_separate_runs(actor, topic):
    other = TopicFactory(name="Tariffs", slug="tariffs")
    say(actor, "that sanctions work", topic=topic, stance="favor", on="2024-01-01")
    say(actor, "that tariffs hurt", topic=other, stance="against", on="2024-01-02")
    say(actor, "that sanctions still work", topic=topic, stance="favor", on="2024-01-03")
    assert changes(actor) == []


def test_actors_are_separate_runs(actor, topic):
    someone_else = ActorFactory(name="Ruth Walsh", slug="ruth-walsh")
    say(actor, "that sanctions work", topic=topic, stance="favor", on="2024-01-01")
    say(someone_else, "that sanctions fail", topic=topic, stance="against", on="2024-01-02")
    say(actor, "that sanctions still work", topic=topic, stance="favor", on="2024-01-03")
    assert changes(actor) == []


def test_order_is_by_date_said_not_by_approval(actor, topic):
    say(actor, "that sanctions fail", topic=topic, stance="against", on="2024-02-01")
    say(actor, "that sanctions work", topic=topic, stance="favor", on="2024-01-01")  # approved later, said earlier
    shifts, _ = stance_shifts_for_actor(actor_id=actor.pk, limit=10)
    assert [(s.previous_stance, s.stance, s.said_on) for s in shifts] == [("favor", "against", dt.date(2024, 2, 1))]


def test_no_shift_between_two_statements_of_the_same_day(actor, topic):
    say(actor, "that talks are welcome", topic=topic, stance="favor", on="2024-01-01")
    say(actor, "that talks are pointless", topic=topic, stance="against", on="2024-01-01")
    assert changes(actor) == []
    assert stance_shifts_recent(actor_id=actor.pk, per_topic=5) == []


def test_a_mixed_day_neither_shifts_nor_breaks_the_run(actor, topic):
    say(actor, "that talks are welcome", topic=topic, stance="favor", on="2024-01-01")
    say(actor, "that talks are pointless", topic=topic, stance="against", on="2024-01-02")
    say(actor, "that talks might help", topic=topic, stance="favor", on="2024-01-02")
    say(actor, "that talks are a trap", topic=topic, stance="against", on="2024-01-03")
    assert changes(actor) == [("favor", "against")]
    [shift] = stance_shifts_recent(actor_id=actor.pk, per_topic=5)
    assert (shift.previous_said_on, shift.said_on) == (dt.date(2024, 1, 1), dt.date(2024, 1, 3))


def test_a_day_whose_statements_agree_shifts_once_on_its_first_statement(actor, topic):
    say(actor, "that talks are welcome", topic=topic, stance="favor", on="2024-01-01")
    first = say(actor, "that talks are pointless", topic=topic, stance="against", on="2024-01-02")
    say(actor, "that talks are a trap", topic=topic, stance="against", on="2024-01-02")
    shifts, total = stance_shifts_for_actor(actor_id=actor.pk, limit=10)
    assert total == 1
    assert shifts[0].statement_id == first.pk


def test_statements_below_the_confidence_setting_take_no_part(actor, topic, settings):
    settings.STANCE_SHIFT_MIN_CONFIDENCE = 0.5
    say(actor, "that talks are welcome", topic=topic, stance="favor", on="2024-01-01")
    say(actor, "that talks may be pointless", topic=topic, stance="against", on="2024-01-02", stance_confidence=0.4)
    say(actor, "that talks are still welcome", topic=topic, stance="favor", on="2024-01-03")
    assert changes(actor) == []
    settings.STANCE_SHIFT_MIN_CONFIDENCE = 0.3
    assert changes(actor) == [("favor", "against"), ("against", "favor")]


def test_changes_closer_than_the_gap_setting_are_no_shift(actor, topic, settings):
    settings.STANCE_SHIFT_MIN_GAP_DAYS = 7
    sequence(actor, topic, "fa")  # one day apart
    say(actor, "that talks are welcome again", topic=topic, stance="favor", on="2024-01-20")
    assert changes(actor) == [("against", "favor")]
    assert [(s.previous_stance, s.stance) for s in stance_shifts_recent(actor_id=actor.pk, per_topic=5)] == [
        ("against", "favor")
    ]


def test_the_timeline_shows_a_mixed_day_without_a_shift_mark(anonymous_client, actor, topic):
    say(actor, "that talks are welcome", topic=topic, stance="favor", on="2024-01-01")
    say(actor, "that talks are pointless", topic=topic, stance="against", on="2024-01-02")
    say(actor, "that talks might help", topic=topic, stance="favor", on="2024-01-02")
    html = anonymous_client.get("/actors/lars-mehta/").content.decode()
    assert "is-shift" not in html
    assert html.count("Mixed that day") == 2


def test_shifts_page_newest_first_and_report_the_total(actor, topic):
    sequence(actor, topic, "fafafa")
    page, total = stance_shifts_for_actor(actor_id=actor.pk, limit=2, offset=2)
    assert total == 5
    assert [s.said_on for s in page] == [dt.date(2024, 1, 4), dt.date(2024, 1, 3)]
    assert stance_shifts_for_actor(actor_id=actor.pk, limit=2, offset=50) == ([], 5)


def test_the_timeline_marks_shifts_and_the_actor_page_lists_them(anonymous_client, actor, topic):
    first, second, third = sequence(actor, topic, "ffa")
    html = anonymous_client.get("/actors/lars-mehta/").content.decode()
    assert html.count("is-shift") == 1
    assert f'id="shift-{third.pk}"' in html
    assert "Shift: Favor" in html
    shifts_section = html.split('id="shifts-h"')[1]
    assert f'href="/statements/{third.pk}/"' in shifts_section
    assert f'href="/statements/{second.pk}/"' not in shifts_section


def test_the_shift_mark_holds_under_filters_that_hide_the_previous_statement(anonymous_client, actor, topic):
    sequence(actor, topic, "fa")
    html = anonymous_client.get("/actors/lars-mehta/?stance=against").content.decode()
    assert html.count("is-shift") == 1


def test_the_shifts_page_lists_every_shift(anonymous_client, actor, topic):
    sequence(actor, topic, "fafaf")
    html = anonymous_client.get("/actors/lars-mehta/shifts/").content.decode()
    assert "4 shifts" in html
    assert html.count("<tr>") == 1 + 4


def test_feeds_carry_new_statements_and_shifts(anonymous_client, actor, topic):
    sequence(actor, topic, "fa")
    for url in ["/actors/lars-mehta/feed/", "/topics/sanctions/feed/"]:
        response = anonymous_client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        xml = response.content.decode()
        assert xml.count("<entry>") == 3  # two statements and one shift
        assert "Lars Mehta shifted on Sanctions: favor \u2192 against" in xml
        assert '<category term="stance shift"' in xml


def test_the_recent_shifts_per_topic_agree_with_the_full_list(actor, topic):
    other = TopicFactory(name="Tariffs", slug="tariffs")
    sequence(actor, topic, "fafn-nf")
    sequence(actor, other, "aaffa", start=dt.date(2024, 2, 1))
    full, total = stance_shifts_for_actor(actor_id=actor.pk, limit=100)
    recent = stance_shifts_recent(actor_id=actor.pk, per_topic=100)
    assert total == 6
    assert [(s.statement_id, s.previous_statement_id, s.previous_stance, s.stance) for s in recent] == [
        (s.statement_id, s.previous_statement_id, s.previous_stance, s.stance) for s in full
    ]
    limited = stance_shifts_recent(actor_id=actor.pk, per_topic=1)
    assert [(s.topic_id, s.said_on) for s in limited] == [
        (other.pk, dt.date(2024, 2, 5)),
        (topic.pk, dt.date(2024, 1, 7)),
    ]
