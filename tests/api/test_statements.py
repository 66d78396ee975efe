"""GET /api/statements/ and /api/statements/{id}/: shape, order, filters, cursors, query counts, conditional GET."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from rest_framework.test import APIClient

import claims.selectors.api
from claims.models import ClaimAct, ClaimKind, Stance, Statement
from tests.factories import ActorFactory, ArticleFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = "/api/statements/"


def ids(response) -> list[int]:  # noqa: ANN001
    return [item["id"] for item in response.json()["results"]]


def walk(client: APIClient, url: str, direction: str = "next") -> list[list[int]]:
    """Follow next (or previous) links from `url`; the ids of each page, in the order visited."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        pages.append(ids(response))
        url = response.json()[direction]
    return pages


def dated(client_days: list[int | None], **kwargs) -> list[Statement]:  # noqa: ANN003
    """Statements of one actor and article, said on 2024-01-<day> (None: undated), in the given insertion order."""
    actor = kwargs.pop("actor", None) or ActorFactory()
    article = kwargs.pop("article", None) or ArticleFactory()
    return [
        StatementFactory(actor=actor, article=article, said_on=dt.date(2024, 1, day) if day else None, **kwargs)
        for day in client_days
    ]


def test_it_shows_a_statement_with_its_actor_topic_article_and_evidence(api):
    actor = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov", wikidata_id="Q4116220")
    topic = TopicFactory(name="Peace talks", slug="peace-talks")
    article = ArticleFactory(title="Kremlin says", outlet="Reuters", url="https://example.org/a")
    statement = StatementFactory(actor=actor, topic=topic, article=article, stance=Stance.AGAINST)

    response = api.get(f"{LIST}{statement.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": statement.pk,
        "actor": {"slug": "dmitry-peskov", "name": "Dmitry Peskov", "wikidata_id": "Q4116220"},
        "text": "that Russia was ready to negotiate",
        "kind": "indirect",
        "act": "speech",
        "said_on": "2023-12-05",
        "date_precision": "day",
        "topic": {"slug": "peace-talks", "name": "Peace talks"},
        "stance": "against",
        "article": {
            "id": article.pk,
            "title": "Kremlin says",
            "url": "https://example.org/a",
            "outlet": "Reuters",
            "published": "2023-12-07",
        },
        "evidence": {"start": statement.start, "end": statement.end},
        "approved_at": statement.approved_at.isoformat().replace("+00:00", "Z"),
        "updated_at": statement.updated_at.isoformat().replace("+00:00", "Z"),
        "url": f"http://testserver{LIST}{statement.pk}/",
    }
    assert article.text[statement.start : statement.end] == statement.text


def test_it_shows_unset_topic_stance_and_date_as_null(api):
    statement = StatementFactory(topic=None, stance="", said_on=None, date_precision="")

    item = api.get(f"{LIST}{statement.pk}/").json()

    assert (item["topic"], item["stance"], item["said_on"], item["date_precision"]) == (None, None, None, None)


def test_it_answers_404_with_the_error_body_for_a_missing_statement(api):
    response = api.get(f"{LIST}999999/")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "details": {}}}


def test_every_persona_reads_the_same_public_list(api, outsider_api, editor_api):
    statement = StatementFactory()

    for client in (api, outsider_api, editor_api):
        response = client.get(LIST)
        assert response.status_code == 200
        assert ids(response) == [statement.pk]


def test_it_lists_oldest_first_by_said_on_then_id_with_undated_statements_last(api):
    rows = dated([5, None, 3, 5, None, 1])
    by_day = {(r.said_on, r.pk): r.pk for r in rows}
    expected = [pk for (_, pk) in sorted(k for k in by_day if k[0])] + sorted(r.pk for r in rows if r.said_on is None)

    assert ids(api.get(LIST)) == expected


def test_it_lists_newest_first_on_request_still_with_undated_statements_last(api):
    rows = dated([5, None, 3, 5, None, 1])
    dated_desc = [r.pk for r in sorted((r for r in rows if r.said_on), key=lambda r: (r.said_on, r.pk), reverse=True)]
    undated_desc = sorted((r.pk for r in rows if r.said_on is None), reverse=True)

    assert ids(api.get(LIST, {"ordering": "-said_on"})) == dated_desc + undated_desc


@pytest.mark.parametrize("ordering", ["said_on", "-said_on"])
def test_cursor_pages_cover_every_row_once_forwards_and_backwards(api, ordering):
    dated([4, None, 2, 2, 9, None, 7, 2, None])
    everything = ids(api.get(LIST, {"ordering": ordering}))

    forward = walk(api, f"{LIST}?ordering={ordering}&page_size=2")
    assert [pk for page in forward for pk in page] == everything
    assert [len(page) for page in forward] == [2, 2, 2, 2, 1]

    # From the last page, previous links give back exactly the same pages.
    last_page = api.get(f"{LIST}?ordering={ordering}&page_size=2")
    while last_page.json()["next"]:
        last_page = api.get(last_page.json()["next"])
    backward = walk(api, last_page.json()["previous"], direction="previous")
    assert backward == forward[-2::-1]


def test_the_first_page_has_no_previous_link_and_the_last_no_next_link(api):
    dated([1, 2, 3])

    first = api.get(LIST, {"page_size": 2}).json()
    last = api.get(first["next"]).json()

    assert first["previous"] is None
    assert first["next"]
    assert last["next"] is None
    assert last["previous"]


def test_a_cursor_keeps_its_place_while_rows_are_inserted_before_and_after_it(api):
    actor, article = ActorFactory(), ArticleFactory()
    original = dated([10, 11, 12, 13, 14, 15], actor=actor, article=article)
    first = api.get(LIST, {"page_size": 3}).json()
    assert [item["id"] for item in first["results"]] == [s.pk for s in original[:3]]

    # Meanwhile rows arrive before the cursor (an earlier day), on its day (a higher id sorts after it), and later.
    before, same_day, undated = dated([1, 12, None], actor=actor, article=article)
    after = dated([13], actor=actor, article=article)[0]

    rest = [pk for page in walk(api, first["next"]) for pk in page]
    # Nothing already seen comes again, nothing unseen is skipped, and rows before the cursor stay behind it.
    assert rest == [same_day.pk, original[3].pk, after.pk, original[4].pk, original[5].pk, undated.pk]
    assert before.pk not in rest

    # Going back from the second page gives the first page as it was: the new early row is further back still.
    second = api.get(first["next"]).json()
    back = api.get(second["previous"]).json()
    assert [item["id"] for item in back["results"]] == [s.pk for s in original[:3]]
    assert ids(api.get(back["previous"])) == [before.pk]


def test_a_cursor_keeps_its_place_when_its_own_row_is_deleted(api):
    rows = dated([1, 2, 3, 4, 5])
    first = api.get(LIST, {"page_size": 2}).json()
    rows[1].delete()  # the row the next cursor points at

    assert ids(api.get(first["next"])) == [rows[2].pk, rows[3].pk]


def test_the_page_size_is_capped(api):
    dated([1] * 3)

    response = api.get(LIST, {"page_size": 100000})

    assert response.status_code == 200
    assert len(ids(response)) == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"stance": "maybe"}, "stance"),
        ({"kind": "shouted"}, "kind"),
        ({"act": "guessed"}, "act"),
        ({"said_on_after": "yesterday"}, "said_on_after"),
        ({"said_on_before": "2024-02-30"}, "said_on_before"),
        ({"article": "one"}, "article"),
        ({"article": "99999999999999999999999"}, "article"),
        ({"actor": "Not a slug!"}, "actor"),
        ({"actor_wikidata": "4116220"}, "actor_wikidata"),
        ({"topic": "bad topic"}, "topic"),
        ({"ordering": "text"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": ""}, "cursor"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_a_filter_value_outside_its_allow_list_is_a_400_naming_the_parameter(api, params, field):
    StatementFactory()

    response = api.get(LIST, params)

    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert field in body["details"]


def test_unknown_parameters_are_ignored(api):
    statement = StatementFactory()

    response = api.get(LIST, {"colour": "red", "order_by": "text; DROP TABLE x"})

    assert response.status_code == 200
    assert ids(response) == [statement.pk]


class TestFilters:
    @pytest.fixture
    def world(self) -> dict[str, Statement]:
        peskov = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov", wikidata_id="Q4116220")
        zelensky = ActorFactory(name="Volodymyr Zelensky", slug="volodymyr-zelensky", wikidata_id="Q3881")
        schumer = ActorFactory(name="Chuck Schumer", slug="chuck-schumer")
        talks, aid = TopicFactory(slug="talks"), TopicFactory(slug="aid")
        article = ArticleFactory(
            text="Peskov said that Russia was ready to negotiate. Zelensky said weapons must arrive soon. "
            "Schumer said the Senate would pass the aid package."
        )
        make = StatementFactory
        return {
            "peskov": make(
                actor=peskov,
                article=article,
                topic=talks,
                text="that Russia was ready to negotiate",
                said_on=dt.date(2023, 12, 5),
                stance=Stance.FAVOR,
                kind=ClaimKind.INDIRECT,
            ),
            "zelensky": make(
                actor=zelensky,
                article=article,
                topic=aid,
                text="weapons must arrive soon",
                said_on=dt.date(2024, 2, 1),
                stance=Stance.FAVOR,
                kind=ClaimKind.DIRECT,
            ),
            "schumer": make(
                actor=schumer,
                article=article,
                topic=aid,
                text="the Senate would pass the aid package",
                said_on=None,
                stance=Stance.NEUTRAL,
                kind=ClaimKind.INDIRECT,
                act=ClaimAct.BELIEF,
            ),
            "other_article": make(actor=peskov, topic=None, said_on=dt.date(2024, 3, 1), stance=Stance.AGAINST),
        }

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"actor": "dmitry-peskov"}, ["peskov", "other_article"]),
            ({"actor": ["dmitry-peskov", "chuck-schumer"]}, ["peskov", "other_article", "schumer"]),
            ({"actor": "nobody-we-know"}, []),
            ({"actor_wikidata": "Q3881"}, ["zelensky"]),
            ({"actor_wikidata": ["Q3881", "Q4116220"]}, ["peskov", "zelensky", "other_article"]),
            ({"actor": "dmitry-peskov", "actor_wikidata": "Q4116220"}, ["peskov", "other_article"]),
            ({"actor": "dmitry-peskov", "actor_wikidata": "Q3881"}, []),  # both must hold
            ({"topic": "aid"}, ["zelensky", "schumer"]),
            ({"topic": ["aid", "talks"]}, ["peskov", "zelensky", "schumer"]),
            ({"topic": "aid", "actor": "nobody-we-know"}, []),
            ({"topic": "aid", "actor": "volodymyr-zelensky"}, ["zelensky"]),
            ({"stance": "favor"}, ["peskov", "zelensky"]),
            ({"kind": "direct"}, ["zelensky"]),
            ({"act": "belief"}, ["schumer"]),
            ({"act": "speech", "topic": "aid"}, ["zelensky"]),
            ({"said_on_after": "2024-01-01"}, ["zelensky", "other_article"]),
            ({"said_on_before": "2024-02-01"}, ["peskov", "zelensky"]),
            ({"said_on_after": "2024-02-01", "said_on_before": "2024-02-01"}, ["zelensky"]),
            ({"q": "negotiations"}, ["peskov", "other_article"]),
            ({"q": '"aid package"'}, ["schumer"]),
            ({"q": "weapons -soon"}, []),
            ({"q": "the"}, []),
        ],
    )
    def test_it_filters(self, api, world, params, expected):
        response = api.get(LIST, params)

        assert response.status_code == 200
        assert ids(response) == [world[name].pk for name in expected]

    def test_it_filters_by_article(self, api, world):
        article_id = world["zelensky"].article_id

        assert ids(api.get(LIST, {"article": article_id})) == [
            world[name].pk for name in ("peskov", "zelensky", "schumer")
        ]

    def test_next_links_keep_the_filters(self, api, world):
        first = api.get(LIST, {"actor": "dmitry-peskov", "page_size": 1}).json()

        assert parse_qs(urlsplit(first["next"]).query)["actor"] == ["dmitry-peskov"]
        assert ids(api.get(first["next"])) == [world["other_article"].pk]


def test_a_page_is_one_query_however_many_rows_it_shows(api, django_assert_num_queries):
    dated([1, 2, 3, None])
    # 1. the page: dated statements in (said_on, id) order, joined to actor, topic and article
    with django_assert_num_queries(1):
        small = api.get(LIST, {"page_size": 2})
    dated([4, 5, 6, 7, 8, 9, 10, 11], topic=TopicFactory())
    with django_assert_num_queries(1):
        large = api.get(LIST, {"q": "Russia", "page_size": 10})
    assert (len(ids(small)), len(ids(large))) == (2, 10)


def test_actor_and_topic_filters_add_one_query_between_them(api, django_assert_num_queries):
    actor, topic = ActorFactory(slug="peskov", wikidata_id="Q1"), TopicFactory(slug="talks")
    dated([1, 2, 3], actor=actor, topic=topic)
    # 1. the actor and topic ids for the slugs given
    # 2. the page, with actor_id and topic_id compared to those ids
    with django_assert_num_queries(2):
        response = api.get(LIST, {"actor": ["peskov", "nobody"], "topic": "talks", "page_size": 2})
    assert len(ids(response)) == 2
    with django_assert_num_queries(2):
        both = api.get(LIST, {"actor": "peskov", "actor_wikidata": "Q1", "topic": "talks", "page_size": 2})
    assert ids(both) == ids(response)
    # 1. the actor ids: none, so there is no page to read
    with django_assert_num_queries(1):
        assert ids(api.get(LIST, {"actor": "nobody"})) == []


def test_the_page_where_dated_statements_run_out_takes_a_second_query(api, django_assert_num_queries):
    dated([1, 2, None, None])
    # 1. the dated statements: two, fewer than the page holds
    # 2. the undated statements that fill the rest of the page
    with django_assert_num_queries(2):
        response = api.get(LIST, {"page_size": 3})
    assert len(ids(response)) == 3


@pytest.mark.parametrize("rows", [[1, 2, 3, 4, 5, 6, 7, 8], [1, None, None, None, None, None, None]])
def test_a_deep_cursor_page_is_one_query_too(api, django_assert_num_queries, rows):
    dated(rows)
    second = api.get(LIST, {"page_size": 2}).json()["next"]
    third = api.get(second).json()["next"]
    # 1. the page after the cursor, an index range scan starting at the cursor's (said_on, id)
    with django_assert_num_queries(1):
        response = api.get(third)
    assert len(ids(response)) == 2


class TestSeveralWordSearch:
    """Phrases, ORs and several words are first looked for among the next rows in page order (a bounded window,
    three rows here); the planner's own plan reads the rest when the window holds less than a page."""

    @pytest.fixture(autouse=True)
    def small_window(self, monkeypatch):
        monkeypatch.setattr(claims.selectors.api, "TEXT_SEARCH_WINDOW", 3)

    @pytest.fixture
    def rows(self) -> list[Statement]:
        article = ArticleFactory(text="He said that the aid package would pass. He said that talks would fail.")
        package, talks = "that the aid package would pass", "that talks would fail"
        return dated([1, 2, 3, 4, 5], article=article, text=talks) + dated([6, 7], article=article, text=package)

    def test_matches_inside_the_window_fill_the_page_in_one_query(self, api, rows, django_assert_num_queries):
        # 1. the window: the three oldest rows, enough for a page of two and the row that says there is a next page
        with django_assert_num_queries(1):
            response = api.get(LIST, {"q": "talks fail", "page_size": 2})
        assert ids(response) == [rows[0].pk, rows[1].pk]

    def test_matches_beyond_the_window_are_found_by_a_second_query(self, api, rows, django_assert_num_queries):
        # 1. the window: the three oldest rows, no match  2. the matches, by the planner's plan
        with django_assert_num_queries(2):
            response = api.get(LIST, {"q": '"aid package"', "page_size": 1})
        assert ids(response) == [rows[5].pk]

    def test_a_cursor_walk_sees_every_match_once(self, api, rows):
        url, seen = f"{LIST}?{urlencode({'q': 'talks OR package', 'page_size': 2})}", []
        while url:
            page = api.get(url).json()
            seen += [item["id"] for item in page["results"]]
            url = page["next"]
        assert seen == [row.pk for row in rows]


def test_a_statement_is_one_query(api, django_assert_num_queries):
    statement = StatementFactory()
    # 1. the statement joined to its actor, topic and article
    with django_assert_num_queries(1):
        assert api.get(f"{LIST}{statement.pk}/").status_code == 200


def test_the_list_query_leaves_article_text_in_the_database(api, django_assert_num_queries):
    dated([1, 2])

    with django_assert_num_queries(1) as captured:
        api.get(LIST, {"page_size": 1})

    select_list = captured.captured_queries[0]["sql"].split("FROM")[0]
    assert "s.text" in select_list  # the statement's own text is read...
    assert not re.search(r'(\bar|"claims_article")\."?text\b', select_list)  # ...its article's is not
    assert "search_vector" not in select_list


class TestConditionalGet:
    @pytest.mark.parametrize("path", ["list", "detail"])
    def test_it_answers_304_while_nothing_changed_and_200_after_an_edit(self, api, path):
        statement = StatementFactory()
        url = LIST if path == "list" else f"{LIST}{statement.pk}/"

        first = api.get(url)
        etag = first.headers["ETag"]
        again = api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert (first.status_code, again.status_code) == (200, 304)
        assert again.content == b""
        assert again.headers["ETag"] == etag

        Statement.objects.filter(pk=statement.pk).update(text="that Russia was ready")
        changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200
        assert changed.headers["ETag"] != etag
        assert changed.json()

    def test_a_new_row_on_the_page_changes_the_list_etag(self, api):
        StatementFactory()
        etag = api.get(LIST).headers["ETag"]

        StatementFactory()

        assert api.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_a_renamed_actor_changes_the_statement_etag(self, api):
        statement = StatementFactory()
        etag = api.get(f"{LIST}{statement.pk}/").headers["ETag"]

        statement.actor.name = "Someone Else"
        statement.actor.save()

        assert api.get(f"{LIST}{statement.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_shared_caches_may_keep_public_answers_but_not_an_editors(self, api, editor_api):
        StatementFactory()

        public, private = api.get(LIST), editor_api.get(LIST)

        assert public.headers["Cache-Control"] == "no-cache"
        assert "Authorization" in public.headers["Vary"]
        assert set(private.headers["Cache-Control"].split(", ")) == {"no-cache", "private"}

    def test_errors_carry_no_etag(self, api):
        assert "ETag" not in api.get(f"{LIST}424242/").headers


def test_the_browsable_api_renders_for_a_browser(api):
    StatementFactory()

    response = api.get(LIST, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"that Russia was ready to negotiate" in response.content
