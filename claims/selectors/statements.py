"""Reads of approved statements: the only statements anonymous users and analysts ever see.

Only approved claims become Statement rows, so nothing here ever reads Claim: a pending or rejected claim cannot
leak into a public page by a missing filter.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, F, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Least, Substr

from claims.filters import Sort, StatementFilters
from claims.models import Statement

# ts_headline wraps matches in these; the template escapes the text, then turns them into <mark>. Private-use code
# points never occur in normalised article text, and a stray one could only ever produce a <mark> tag.
HEADLINE_START = "\ue000"
HEADLINE_STOP = "\ue001"
EXCERPT_CONTEXT = 160  # characters of article text shown on each side of the evidence span
EXCERPT_SPAN_MAX = 1200
SEARCH_COUNT_CAP = 5000  # past this a search says "5,000+" (see statement_page)

# For shift marks (the rules are in claims/selectors/analytics.py): the stance of the actor's previous settled day on
# the statement's topic, when this statement opens a settled day at least the minimum gap later; else NULL.
# Index-only probes of statement_actor_topic_date, for the rows of the page only. Parameters: min_confidence,
# min_confidence, min_gap, min_confidence.
PREVIOUS_STANCE_SQL = """
SELECT prev.stance FROM (
    SELECT p.said_on, min(p.stance) AS stance FROM claims_statement AS p
    WHERE p.actor_id = claims_statement.actor_id AND p.topic_id = claims_statement.topic_id
      AND p.said_on < claims_statement.said_on AND p.stance <> '' AND p.stance_confidence >= %s
    GROUP BY p.said_on HAVING min(p.stance) = max(p.stance)
    ORDER BY p.said_on DESC LIMIT 1
) AS prev
WHERE claims_statement.stance <> '' AND claims_statement.stance_confidence >= %s
  AND claims_statement.said_on - prev.said_on >= %s
  AND NOT EXISTS (
      SELECT 1 FROM claims_statement AS d
      WHERE d.actor_id = claims_statement.actor_id AND d.topic_id = claims_statement.topic_id
        AND d.said_on = claims_statement.said_on AND d.stance <> '' AND d.stance_confidence >= %s
        AND (d.stance <> claims_statement.stance OR d.id < claims_statement.id))
"""

# Whether the actor's statements on the topic that day disagree: the day is "mixed", and none of them is a shift.
# Parameters: min_confidence, min_confidence.
DAY_MIXED_SQL = """
claims_statement.stance <> '' AND claims_statement.stance_confidence >= %s AND EXISTS (
    SELECT 1 FROM claims_statement AS d
    WHERE d.actor_id = claims_statement.actor_id AND d.topic_id = claims_statement.topic_id
      AND d.said_on = claims_statement.said_on AND d.stance <> '' AND d.stance_confidence >= %s
      AND d.stance <> claims_statement.stance)
"""


def statement_list_public() -> QuerySet[Statement]:
    """Every published statement with what a listing shows, in one query."""
    return Statement.objects.select_related("actor", "topic", "article").order_by("-said_on", "-id")


def statement_search_query(q: str) -> SearchQuery:
    # websearch syntax: words, "a phrase", -excluded, OR; it never raises on odd input, unlike to_tsquery.
    return SearchQuery(q, search_type="websearch", config="english")


def statement_list_filtered(*, filters: StatementFilters) -> QuerySet[Statement]:
    """Statements matching the filters, in the order the filters ask for. No display columns yet."""
    statements = Statement.objects.all()
    if filters.actor_ids:
        statements = statements.filter(actor_id__in=filters.actor_ids)
    if filters.topic_id:
        statements = statements.filter(topic_id=filters.topic_id)
    if filters.stance:
        statements = statements.filter(stance=filters.stance)
    if filters.kind:
        statements = statements.filter(kind=filters.kind)
    if filters.act:
        statements = statements.filter(act=filters.act)
    if filters.date_from:
        statements = statements.filter(said_on__gte=filters.date_from)
    if filters.date_to:
        statements = statements.filter(said_on__lte=filters.date_to)
    if filters.q:
        statements = statements.filter(search_vector=statement_search_query(filters.q))
    return _ordered_like(statements, filters=filters)


def _ordered_like(statements: QuerySet[Statement], *, filters: StatementFilters) -> QuerySet[Statement]:
    """The order the filters ask for: best match first, or by date said.

    PostgreSQL's default null placement (last going up, first going down) lets both date orders walk the
    (actor, said_on, id) index; any other placement sorts every row of the actor. Undated statements are rare.
    """
    if filters.is_ranked:
        rank = SearchRank(F("search_vector"), statement_search_query(filters.q))
        return statements.annotate(rank=rank).order_by("-rank", "-said_on", "-id")
    if filters.sort == Sort.OLDEST:
        return statements.order_by("said_on", "id")
    return statements.order_by("-said_on", "-id")


def statement_with_display(statements: QuerySet[Statement], *, q: str = "") -> QuerySet[Statement]:
    """Add what a statement card shows: actor, topic, source, article excerpt, previous stance, highlighted text.

    The article's text stays in the database: only the excerpt around the span travels.
    """
    start_of_before = Greatest(F("start") - EXCERPT_CONTEXT, 0)
    confidence = settings.STANCE_SHIFT_MIN_CONFIDENCE
    statements = (
        statements.select_related("actor", "topic", "article")
        .defer("search_vector", "article__text", "actor__description", "topic__description")
        .annotate(
            excerpt_before=Substr("article__text", start_of_before + 1, F("start") - start_of_before),
            excerpt_span=Substr("article__text", F("start") + 1, Least(F("end") - F("start"), EXCERPT_SPAN_MAX)),
            excerpt_after=Substr("article__text", F("end") + 1, EXCERPT_CONTEXT),
            previous_stance=RawSQL(  # noqa: S611 (constant SQL, parameters from settings)
                PREVIOUS_STANCE_SQL, [confidence, confidence, settings.STANCE_SHIFT_MIN_GAP_DAYS, confidence]
            ),
            day_mixed=RawSQL(  # noqa: S611 (constant SQL, parameters from settings)
                DAY_MIXED_SQL, [confidence, confidence], output_field=BooleanField()
            ),
        )
    )
    if q:
        statements = statements.annotate(
            headline=SearchHeadline(
                "text",
                statement_search_query(q),
                config="english",
                start_sel=HEADLINE_START,
                stop_sel=HEADLINE_STOP,
                highlight_all=True,
            )
        )
    return statements


@dataclass(frozen=True)
class StatementPage:
    rows: list[Statement]
    number: int
    per_page: int
    total: int
    total_is_capped: bool = False
    ranking_skipped: bool = False  # too many matches to rank in time: shown newest first instead

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0


def statement_page(*, filters: StatementFilters, page: int, per_page: int = 25) -> StatementPage:
    """One page of the filtered statements, ready to show. Two queries: the count, then the rows.

    A full-text match cannot be counted from an index: every match is a visit to the table. So a search counts
    up to SEARCH_COUNT_CAP and stops, and when there are more matches than that it skips ranking them all (which
    would read every match) and walks the date index instead, newest first, until the page is full.
    """
    unranked = replace(filters, sort=Sort.NEWEST) if filters.is_ranked else filters
    capped = False
    if filters.q:
        total = statement_list_filtered(filters=unranked).order_by()[: SEARCH_COUNT_CAP + 1].count()
        capped = total > SEARCH_COUNT_CAP
        total = min(total, SEARCH_COUNT_CAP)
    else:
        total = statement_list_filtered(filters=filters).count()
    shown = unranked if capped else filters
    number = min(max(1, page), max(1, math.ceil(total / per_page)))
    offset = (number - 1) * per_page
    statements = statement_list_filtered(filters=shown)
    if filters.q:
        # Sort the matches as narrow rows (id and sort keys), then join the display columns for the page only:
        # carrying every column of every match through the sort costs more than the ranking itself.
        page_ids = statements.values("pk")[offset : offset + per_page]
        statements, offset = statements.model.objects.filter(pk__in=Subquery(page_ids)), 0
        statements = _ordered_like(statements, filters=shown)
    rows_query = statement_with_display(statements, q=filters.q)[offset : offset + per_page]
    if capped:
        rows = _rows_down_the_date_index(rows_query)
    else:
        rows = list(rows_query)
    return StatementPage(
        rows=rows,
        number=number,
        per_page=per_page,
        total=total,
        total_is_capped=capped,
        ranking_skipped=capped and filters.is_ranked,
    )


def _rows_down_the_date_index(rows_query: QuerySet[Statement]) -> list[Statement]:
    """Run a page query of a search known (from the capped count) to match thousands of rows.

    PostgreSQL's estimate for a phrase or OR query can be a thirtieth of the truth; it then reads every match
    through the full-text index and sorts them, when walking a date index finds a page in a few hundred rows.
    The capped count has told us better, so the bitmap path is switched off for this one statement.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return list(rows_query)


def statement_get_public(*, pk: int) -> Statement | None:
    return statement_with_display(Statement.objects.filter(pk=pk)).first()


def statement_list_recent(*, limit: int, actor_id: int | None = None, topic_id: int | None = None) -> list[Statement]:
    """The newest statements on the record (by approval), with their previous stance, for home and feeds."""
    statements = Statement.objects.all()
    if actor_id is not None:
        statements = statements.filter(actor_id=actor_id)
    if topic_id is not None:
        statements = statements.filter(topic_id=topic_id)
    return list(statement_with_display(statements.order_by("-approved_at", "-id"))[:limit])


def statement_list_by_date(*, filters: StatementFilters, before: dt.date | None, limit: int) -> list[Statement]:
    """Statements said before a date (all when None), newest first, for parallel columns that page by date."""
    statements = statement_list_filtered(filters=filters).exclude(said_on__isnull=True)
    if before is not None:
        statements = statements.filter(said_on__lt=before)
    return list(statement_with_display(statements.order_by("-said_on", "-id"))[:limit])


# The database columns behind the export columns that come straight from a row (see claims.exports for the set).
EXPORT_FIELDS = {
    "id": "id",
    "actor_slug": "actor__slug",
    "actor_name": "actor__name",
    "actor_wikidata_id": "actor__wikidata_id",
    "text": "text",
    "kind": "kind",
    "act": "act",
    "said_on": "said_on",
    "date_precision": "date_precision",
    "topic_slug": "topic__slug",
    "topic_name": "topic__name",
    "stance": "stance",
    "article_id": "article_id",
    "article_title": "article__title",
    "article_url": "article__url",
    "article_outlet": "article__outlet",
    "article_published": "article__published_on",
    "evidence_start": "start",
    "evidence_end": "end",
    "approved_at": "approved_at",
    "updated_at": "updated_at",
}


def statement_export_rows(*, filters: StatementFilters, chunk_size: int = 2000) -> Iterator[dict[str, object]]:
    """Every statement of the filtered view as a flat dict, streamed from a server-side cursor."""
    rows = statement_list_filtered(filters=filters).values(*EXPORT_FIELDS.values())
    for row in rows.iterator(chunk_size=chunk_size):
        yield {name: row[column] for name, column in EXPORT_FIELDS.items()}
