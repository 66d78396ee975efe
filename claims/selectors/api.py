"""Reads behind the REST API. Every list is one query per page; nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from claims.models import Article, Claim, Statement, Topic
from claims.permissions import user_is_editor

# What the Statement JSON shows; an article's text (megabytes, maybe) and the search vector stay in the database.
STATEMENT_API_COLUMNS = (
    *("id", "text", "kind", "act", "said_on", "date_precision", "stance", "start", "end", "approved_at", "updated_at"),
    *("actor__slug", "actor__name", "actor__wikidata_id", "topic__slug", "topic__name"),
    *("article_id", "article__title", "article__url", "article__outlet", "article__published_on"),
)
CLAIM_API_DEFERRED = ("article__text", "rationale")

# Statement rows: dicts keyed by STATEMENT_API_COLUMNS.
StatementRows: TypeAlias = "QuerySet[Statement, dict[str, Any]]"


# Built once: setting up twenty columns across three joins cost more CPU than cloning the finished query. Never
# evaluated itself (its result cache would go stale), only cloned by statement_rows_api.
_STATEMENT_ROWS = Statement.objects.values(*STATEMENT_API_COLUMNS)


def statement_rows_api() -> StatementRows:
    """Every statement (statements are approved by definition) as the row its JSON is made from, joined in one query.

    Rows rather than model instances: a page of 50 statements would otherwise build 200 model objects only to read
    twenty attributes from them, which was the largest single cost of a page.
    """
    return _STATEMENT_ROWS.all()


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _datetime(value: dt.datetime, tz: dt.tzinfo) -> str:
    """As DRF's DateTimeField renders it (ISO 8601 in the current time zone, UTC as Z), at a fraction of the cost."""
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def statement_json(row: Mapping[str, Any], *, url_prefix: str, tz: dt.tzinfo) -> dict[str, Any]:
    """The Statement JSON of a statement row: what the API answers and what webhooks send.

    `url_prefix` is the statement list's URL (detail URLs are it plus "<id>/"), worked out once per page.
    """
    topic_slug = row["topic__slug"]
    return {
        "id": row["id"],
        "actor": {"slug": row["actor__slug"], "name": row["actor__name"], "wikidata_id": row["actor__wikidata_id"]},
        "text": row["text"],
        "kind": row["kind"],
        "act": row["act"],
        "said_on": _date(row["said_on"]),
        "date_precision": row["date_precision"] or None,
        "topic": {"slug": topic_slug, "name": row["topic__name"]} if topic_slug is not None else None,
        "stance": row["stance"] or None,
        "article": {
            "id": row["article_id"],
            "title": row["article__title"],
            "url": row["article__url"],
            "outlet": row["article__outlet"],
            "published": _date(row["article__published_on"]),
        },
        "evidence": {"start": row["start"], "end": row["end"]},
        "approved_at": _datetime(row["approved_at"], tz),
        "updated_at": _datetime(row["updated_at"], tz),
        "url": f"{url_prefix}{row['id']}/",
    }


def statement_json_get(*, statement_id: int) -> dict[str, Any]:
    """One statement's JSON outside a request, with URLs under API_BASE_URL (webhook payloads)."""
    row = statement_rows_api().get(pk=statement_id)
    return statement_json(
        row, url_prefix=settings.API_BASE_URL + reverse("api-statement-list"), tz=timezone.get_current_timezone()
    )


@dataclass(frozen=True)
class StatementCriteria:
    """What a statement list or export is filtered by; None means "any". Conditions combine with AND.

    Ids rather than slugs: the page query then compares `actor_id` with a literal, so PostgreSQL walks the
    (actor, said_on, id) index in page order and, knowing from its statistics how busy that actor is, picks it over
    the topic's. An empty tuple of ids (a slug nobody has) matches nothing.
    """

    actor_ids: tuple[int, ...] | None = None
    topic_ids: tuple[int, ...] | None = None
    stance: str | None = None
    kind: str | None = None
    act: str | None = None
    article_id: int | None = None
    said_on_after: dt.date | None = None
    said_on_before: dt.date | None = None
    text_query: str | None = None  # websearch syntax: "quoted phrases", or, -negation

    def matches_nothing(self) -> bool:
        return self.actor_ids == () or self.topic_ids == ()


@dataclass(frozen=True)
class Position:
    """The sort key of a statement: where a page starts or ends (exclusive)."""

    said_on: dt.date | None
    id: int

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Position:
        return cls(said_on=row["said_on"], id=row["id"])


# The statement JSON's columns, in STATEMENT_API_COLUMNS order, from `statements` (the table, or a window of it).
# Written by hand rather than built by the ORM: the statement list is the API's hot path, and compiling this query
# took longer than PostgreSQL took to run it.
_STATEMENT_ROWS_SQL = """
SELECT s.id, s.text, s.kind, s.act, s.said_on, s.date_precision, s.stance, s.start, s."end", s.approved_at,
       s.updated_at, a.slug, a.name, a.wikidata_id, t.slug, t.name,
       s.article_id, ar.title, ar.url, ar.outlet, ar.published_on
FROM {statements} AS s
JOIN actors_actor a ON a.id = s.actor_id
LEFT JOIN claims_topic t ON t.id = s.topic_id
JOIN claims_article ar ON ar.id = s.article_id
WHERE {where}
ORDER BY {order}
LIMIT %s
"""
# Same configuration as the generated search_vector column, so the GIN index applies; a query of only stop words
# matches nothing.
_TEXT_MATCH_SQL = "s.search_vector @@ websearch_to_tsquery('english'::regconfig, %s)"

# A text search first tries the statements next in page order, at most this many of them (see _statement_segment).
TEXT_SEARCH_WINDOW = 5000


def _criteria_sql(criteria: StatementCriteria, *, with_text: bool = True) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    text_query = criteria.text_query if with_text else None
    for column, ids in (("s.actor_id", criteria.actor_ids), ("s.topic_id", criteria.topic_ids)):
        if ids is None:
            continue
        # One id as "= literal" lets the planner use that id's statistics; ANY(array) for several.
        where.append(f"{column} = %s" if len(ids) == 1 else f"{column} = ANY(%s)")
        params.append(ids[0] if len(ids) == 1 else list(ids))
    for condition, value in (
        ("s.stance = %s", criteria.stance),
        ("s.kind = %s", criteria.kind),
        ("s.act = %s", criteria.act),
        ("s.article_id = %s", criteria.article_id),
        ("s.said_on >= %s", criteria.said_on_after),
        ("s.said_on <= %s", criteria.said_on_before),
        (_TEXT_MATCH_SQL, text_query),
    ):
        if value is not None:
            where.append(condition)
            params.append(value)
    return where, params


def _statement_segment(
    criteria: StatementCriteria, *, dated: bool, descending: bool, after: Position | None, limit: int
) -> list[dict[str, Any]]:
    direction = "DESC" if descending else "ASC"
    bounds: list[str] = []
    bound_params: list[Any] = []
    if dated:
        bounds.append("s.said_on IS NOT NULL")
        if after is not None:
            # A row comparison, unlike the equivalent OR, is an index condition on (…, said_on, id): a deep page
            # starts its range scan at the cursor instead of filtering its way there.
            bounds.append(f"(s.said_on, s.id) {'<' if descending else '>'} (%s, %s)")
            bound_params.extend((after.said_on, after.id))
        order = f"s.said_on {direction}, s.id {direction}"
    else:
        bounds.append("s.said_on IS NULL")
        if after is not None:
            bounds.append(f"s.id {'<' if descending else '>'} %s")
            bound_params.append(after.id)
        order = f"s.id {direction}"

    if dated and criteria.text_query is not None and len(criteria.text_query.split()) > 1:
        # PostgreSQL estimates a phrase, an OR or several words as if the words were unrelated, which for words
        # that go together ("peace plan") can be a thirtieth of the truth; it then reads every match through the
        # full-text index and sorts them (0.75 s for 30,000 matches). Walking the next rows in page order finds a
        # page of such common matches in milliseconds, so that is tried first, within a bounded window; only when
        # the window holds less than a page do the matches go to the planner's choice.
        where, params = _criteria_sql(criteria, with_text=False)
        conditions = " AND ".join(where + bounds)  # fixed SQL fragments; every value is a parameter
        window = f"(SELECT s.* FROM claims_statement s WHERE {conditions} ORDER BY {order} LIMIT %s)"  # noqa: S608
        sql = _STATEMENT_ROWS_SQL.format(statements=window, where=_TEXT_MATCH_SQL, order=order)
        rows = _statement_rows(sql, [*params, *bound_params, TEXT_SEARCH_WINDOW, criteria.text_query, limit])
        if len(rows) == limit:
            return rows

    where, params = _criteria_sql(criteria)
    sql = _STATEMENT_ROWS_SQL.format(statements="claims_statement", where=" AND ".join(where + bounds), order=order)
    return _statement_rows(sql, [*params, *bound_params, limit])


def _statement_rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(STATEMENT_API_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def statement_keyset_slice(
    criteria: StatementCriteria, *, after: Position | None, backwards: bool, descending: bool, limit: int
) -> list[dict[str, Any]]:
    """Up to `limit` statement rows matching `criteria` that follow `after` in the walking direction, in that order.

    The order is (said_on, id) ascending, or descending when `descending`, with undated statements last either way.
    Walking `backwards` visits that order in reverse, starting just before `after`.

    SQL row comparison cannot see NULLs (and an OR with `said_on IS NULL` would stop it bounding the index scan), so
    the rows are two index-ordered segments, dated then undated, read one after the other: a page is one query, and
    two only where the dated rows run out part-way through it.
    """
    if criteria.matches_nothing():
        return []
    scan_descending = descending != backwards
    # In walking order: forwards the dated rows come first, backwards the undated ones.
    segments = [False, True] if backwards else [True, False]
    if after is not None:
        # Segments the cursor has already walked past are skipped; the cursor's own segment starts after it.
        segments = segments[segments.index(after.said_on is not None) :]

    rows: list[dict[str, Any]] = []
    for number, dated in enumerate(segments):
        rows.extend(
            _statement_segment(
                criteria,
                dated=dated,
                descending=scan_descending,
                after=after if number == 0 else None,
                limit=limit - len(rows),
            )
        )
        if len(rows) == limit:
            break
    return rows


def actor_list_api() -> QuerySet[Actor]:
    return Actor.objects.all()


def topic_list_api() -> QuerySet[Topic]:
    return Topic.objects.all()


def claim_list_api(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Claim]:
    """Claims as `user` may see them: every claim for editors, only approved ones for anyone else.

    Anyone else asking for a pending or rejected claim then gets a 404, exactly as for an id that does not exist.
    """
    claims = (
        Claim.objects.select_related("article", "actor", "topic")
        .defer(*CLAIM_API_DEFERRED)
        .annotate(statement_pk=F("statement__id"))
    )
    if not user_is_editor(user):
        claims = claims.filter(status=Claim.Status.APPROVED)
    return claims


def article_detail_api(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Article]:
    """Articles with the claims `user` may see prefetched as `visible_claims` (two queries for one article)."""
    claims = claim_list_api(user=user).select_related(None).select_related("actor", "topic").order_by("content_start")
    return Article.objects.defer("text").prefetch_related(Prefetch("claims", queryset=claims, to_attr="visible_claims"))
