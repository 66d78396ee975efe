"""Every analyst page makes a fixed number of queries, however many statements and actors there are."""

import datetime as dt

import pytest
from django.core.cache import cache

from tests.analyst.conftest import say
from tests.factories import ActorFactory, TopicFactory

pytestmark = pytest.mark.django_db

# url -> (queries, what they are)
PAGES = {
    "/": (2, "the record summary (cached afterwards), the recent statements"),
    "/actors/": (2, "count, the page of actors with their statement counts"),
    "/search/?q=talks": (4, "topics, actor choices, capped count of matches, the page of statements"),
    "/topics/energy/": (
        7,
        "topic, count of its actors, the page of actors, their chart buckets, the topic's date "
        "range, count of its statements, the latest statements",
    ),
    "/compare/?topic=energy&actor=a-one&actor=a-two": (
        5,
        "topics, actor choices, the two actors, the statements by date, the chart buckets",
    ),
    "/actors/a-one/shifts/": (3, "actor, the page of shifts with their total, topics"),
}


def grow(actors, topic, per_actor: int) -> None:  # noqa: ANN001
    for actor in actors:
        for i in range(per_actor):
            say(
                actor,
                f"that the talks went well, part {i}",
                topic=topic,
                stance=["favor", "against"][i % 2],
                on=dt.date(2023, 1, 1) + dt.timedelta(days=i * 3),
            )


@pytest.mark.parametrize("url", PAGES)
def test_the_number_of_queries_does_not_grow_with_the_data(anonymous_client, django_assert_num_queries, url):
    topic = TopicFactory(name="Energy", slug="energy")
    actors = [ActorFactory(name="A One", slug="a-one"), ActorFactory(name="A Two", slug="a-two")]
    grow(actors, topic, 1)
    expected, _ = PAGES[url]
    with django_assert_num_queries(expected):
        assert anonymous_client.get(url).status_code == 200
    grow([*actors, ActorFactory(name="A Three", slug="a-three")], topic, 15)
    cache.clear()  # the home page's summary would otherwise come from the cache
    with django_assert_num_queries(expected):
        assert anonymous_client.get(url).status_code == 200
