"""GET /api/actors/, /api/actors/{slug}/, /api/actors/{slug}/statements/ and /api/topics/."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Actor
from tests.factories import ActorFactory, AliasFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:  # noqa: ANN001
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def actors() -> dict[str, Actor]:
    peskov = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov", wikidata_id="Q4116220", role="Press secretary")
    AliasFactory(actor=peskov, name="Kremlin spokesman")
    return {
        "peskov": peskov,
        "zelensky": ActorFactory(name="Volodymyr Zelensky", slug="volodymyr-zelensky"),
        "nato": ActorFactory(name="NATO", slug="nato", kind=Actor.Kind.ORGANISATION),
    }


def test_it_lists_actors_by_slug_for_every_persona(api, outsider_api, editor_api, actors):
    for client in (api, outsider_api, editor_api):
        response = client.get("/api/actors/")
        assert response.status_code == 200
        assert slugs(response) == ["dmitry-peskov", "nato", "volodymyr-zelensky"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "pesk"}, ["dmitry-peskov"]),
        ({"q": "KREMLIN spokes"}, ["dmitry-peskov"]),
        ({"q": "zelensky"}, ["volodymyr-zelensky"]),
        ({"q": "!!!"}, []),
        ({"kind": "organisation"}, ["nato"]),
        ({"kind": "person", "q": "o"}, ["dmitry-peskov", "volodymyr-zelensky"]),
    ],
)
def test_it_searches_names_and_aliases_and_filters_by_kind(api, actors, params, expected):
    assert slugs(api.get("/api/actors/", params)) == expected


def test_an_unknown_kind_is_a_400(api, actors):
    response = api.get("/api/actors/", {"kind": "robot"})

    assert response.status_code == 400
    assert "kind" in response.json()["error"]["details"]


def test_it_shows_an_actor(api, actors):
    response = api.get("/api/actors/dmitry-peskov/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "dmitry-peskov",
        "name": "Dmitry Peskov",
        "kind": "person",
        "role": "Press secretary",
        "description": "",
        "country": "",
        "wikidata_id": "Q4116220",
        "url": "http://testserver/api/actors/dmitry-peskov/",
        "statements_url": "http://testserver/api/actors/dmitry-peskov/statements/",
    }


def test_an_unknown_actor_is_a_404(api):
    assert api.get("/api/actors/nobody/").status_code == 404
    assert api.get("/api/actors/nobody/statements/").json()["error"]["code"] == "not_found"


def test_it_lists_one_actors_statements_with_the_statement_filters(api, actors):
    topic = TopicFactory(slug="talks")
    mine = [
        StatementFactory(actor=actors["peskov"], said_on=dt.date(2024, 1, 2), topic=topic),
        StatementFactory(actor=actors["peskov"], said_on=dt.date(2024, 1, 1)),
    ]
    StatementFactory(actor=actors["zelensky"], topic=topic)

    everything = api.get("/api/actors/dmitry-peskov/statements/").json()["results"]
    on_topic = api.get("/api/actors/dmitry-peskov/statements/", {"topic": "talks"}).json()["results"]

    assert [item["id"] for item in everything] == [mine[1].pk, mine[0].pk]
    assert [item["id"] for item in on_topic] == [mine[0].pk]


def test_an_actors_statements_page_is_two_queries(api, actors, django_assert_num_queries):
    for day in (1, 2, 3):
        StatementFactory(actor=actors["peskov"], said_on=dt.date(2024, 1, day))
    # 1. the actor by slug (404 when unknown)
    # 2. the page of statements joined to actor, topic and article
    with django_assert_num_queries(2):
        response = api.get("/api/actors/dmitry-peskov/statements/", {"page_size": 2})
    assert len(response.json()["results"]) == 2


def test_an_actor_list_page_is_one_query(api, actors, django_assert_num_queries):
    ActorFactory.create_batch(5)
    # 1. the page of actors
    with django_assert_num_queries(1):
        response = api.get("/api/actors/", {"page_size": 4})
    assert len(response.json()["results"]) == 4
    assert response.json()["next"]


def test_it_lists_topics_with_a_link_to_their_statements(api):
    TopicFactory(name="US aid", slug="us-aid", description="Military aid", keywords=["aid"])

    response = api.get("/api/topics/")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "slug": "us-aid",
            "name": "US aid",
            "description": "Military aid",
            "keywords": ["aid"],
            "statements_url": "http://testserver/api/statements/?topic=us-aid",
        }
    ]


def test_a_topic_list_page_is_one_query(api, django_assert_num_queries):
    TopicFactory.create_batch(3)
    # 1. the page of topics
    with django_assert_num_queries(1):
        assert len(api.get("/api/topics/").json()["results"]) == 3


def test_actor_and_topic_lists_answer_304_when_unchanged(api, actors):
    for url in ("/api/actors/", "/api/actors/nato/", "/api/topics/"):
        etag = api.get(url).headers["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
