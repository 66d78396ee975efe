"""Stance over time and stance shifts, computed in PostgreSQL.

A stance shift is a change of an actor's stance on a topic from one day to a later one. Only statements with a
topic, a date, a stance and a stance confidence of at least settings.STANCE_SHIFT_MIN_CONFIDENCE take part. Each
day has one stance: the stance its statements agree on, or "mixed" when they disagree (four answers in one
interview are one occasion, not four positions). A shift is a day whose stance differs from the previous
non-mixed day's, at least settings.STANCE_SHIFT_MIN_GAP_DAYS later; it is marked on that day's first statement.
Mixed days, and statements that take no part, neither shift nor break a run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.db import connection

# Below this many statements a topic's chart places each statement on its day; above it, statements are summed
# per month, so a chart stays a few hundred shapes whether an actor said 20 or 20,000 things.
EXACT_DAYS_LIMIT = 400


@dataclass(frozen=True)
class StanceBucket:
    group_id: int  # the topic (on an actor's page) or the actor (on a topic's page)
    day: dt.date  # the day said, or the first of the month when by_month
    stance: str
    count: int
    by_month: bool


@dataclass(frozen=True)
class StanceShift:
    statement_id: int
    actor_id: int
    topic_id: int
    said_on: dt.date
    previous_stance: str
    stance: str
    previous_statement_id: int
    previous_said_on: dt.date
    text: str


_BUCKETS_SQL = """
SELECT {group}, CASE WHEN per_group <= %(exact_limit)s THEN said_on
                     ELSE said_on - (extract(day FROM said_on)::int - 1) END AS day,
       stance, count(*), per_group > %(exact_limit)s
FROM (
    SELECT {group}, stance, said_on, count(*) OVER (PARTITION BY {group}) AS per_group
    FROM claims_statement
    WHERE {where} AND topic_id IS NOT NULL AND said_on IS NOT NULL AND stance <> ''
) AS dated
GROUP BY 1, 2, 3, 5
ORDER BY 1, 2
"""


def stance_buckets(
    *, by: Literal["topic", "actor"], actor_ids: list[int] | None = None, topic_id: int | None = None
) -> list[StanceBucket]:
    """Statement counts per (topic or actor, stance, day or month). One query, index-only for an actor's page."""
    group = "topic_id" if by == "topic" else "actor_id"
    conditions, params = [], {"exact_limit": EXACT_DAYS_LIMIT}
    if actor_ids is not None:
        conditions.append("actor_id = ANY(%(actor_ids)s)")
        params["actor_ids"] = list(actor_ids)
    if topic_id is not None:
        conditions.append("topic_id = %(topic_id)s")
        params["topic_id"] = topic_id
    if not conditions:
        raise ValueError("stance_buckets needs actors or a topic")
    with connection.cursor() as cursor:
        cursor.execute(_BUCKETS_SQL.format(group=group, where=" AND ".join(conditions)), params)
        return [StanceBucket(*row) for row in cursor.fetchall()]


# One row per (topic, day) whose statements that take part agree: first_id marks the day, last_id is what a later
# shift is "since". Grouped in the order of statement_actor_topic_date, index-only.
_SETTLED_DAYS_SQL = """
SELECT topic_id, said_on, min(stance) AS stance, min(id) AS first_id, max(id) AS last_id
FROM claims_statement
WHERE actor_id = %(actor_id)s AND {topic} AND said_on IS NOT NULL AND stance <> ''
  AND stance_confidence >= %(min_confidence)s
GROUP BY topic_id, said_on
HAVING min(stance) = max(stance)
"""

_SHIFTS_SQL = f"""
SELECT shifts.id, shifts.actor_id, shifts.topic_id, shifts.said_on, shifts.previous_stance, shifts.stance,
       shifts.previous_id, shifts.previous_said_on, statement.text, shifts.total
FROM (
    SELECT runs.*, count(*) OVER () AS total
    FROM (
        SELECT first_id AS id, %(actor_id)s AS actor_id, topic_id, said_on, stance,
               lag(stance) OVER w AS previous_stance, lag(last_id) OVER w AS previous_id,
               lag(said_on) OVER w AS previous_said_on
        FROM ({_SETTLED_DAYS_SQL.format(topic="topic_id IS NOT NULL")}) AS days
        WINDOW w AS (PARTITION BY topic_id ORDER BY said_on)
    ) AS runs
    WHERE previous_stance <> stance AND said_on - previous_said_on >= %(min_gap)s
    ORDER BY said_on DESC, id DESC
    LIMIT %(limit)s OFFSET %(offset)s
) AS shifts
JOIN claims_statement AS statement ON statement.id = shifts.id
ORDER BY shifts.said_on DESC, shifts.id DESC
"""  # noqa: S608 (constant fragments, no input)


def shift_parameters() -> dict[str, float | int]:
    """The settings that decide what a shift is, as SQL parameters."""
    return {
        "min_confidence": settings.STANCE_SHIFT_MIN_CONFIDENCE,
        "min_gap": settings.STANCE_SHIFT_MIN_GAP_DAYS,
    }


def stance_shifts_for_actor(*, actor_id: int, limit: int, offset: int = 0) -> tuple[list[StanceShift], int]:
    """The actor's stance shifts, newest first, and how many there are in all. One query.

    The window walks statement_actor_topic_date in order, index-only and without a sort; only the shifts on
    the page visit the table, for their text.
    """
    with connection.cursor() as cursor:
        cursor.execute(_SHIFTS_SQL, {"actor_id": actor_id, "limit": limit, "offset": offset, **shift_parameters()})
        rows = cursor.fetchall()
    if not rows and offset:
        # Past the last page the window returns no row, so no total: ask for the first shift alone.
        return [], stance_shifts_for_actor(actor_id=actor_id, limit=1)[1]
    return [StanceShift(*row[:9]) for row in rows], (rows[0][9] if rows else 0)


def statement_date_range(*, topic_id: int) -> list[StanceBucket]:
    """The first and last day anyone spoke on the topic (two index probes), as buckets for chart_range."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(said_on), max(said_on) FROM claims_statement"
            " WHERE topic_id = %s AND said_on IS NOT NULL AND stance <> ''",
            [topic_id],
        )
        first, last = cursor.fetchone()
    return [StanceBucket(0, day, "", 0, False) for day in (first, last) if day is not None]


@dataclass(frozen=True)
class RecordSummary:
    statements: int
    most_quoted: list[tuple[int, str, str, int]]  # actor id, name, slug, statement count
    topics: list[tuple[int, str, str, int]]  # topic id, name, slug, statement count


SUMMARY_CACHE_KEY = "analyst:record-summary"
SUMMARY_TTL = 60  # seconds; the counts on the home page may lag by this much, the statements never do

_SUMMARY_SQL = """
WITH per_actor AS (SELECT actor_id, count(*) AS n FROM claims_statement GROUP BY actor_id),
     per_topic AS (SELECT topic_id, count(*) AS n FROM claims_statement WHERE topic_id IS NOT NULL GROUP BY topic_id)
SELECT 'total', NULL::bigint, NULL, NULL, (SELECT sum(n) FROM per_actor)::bigint
UNION ALL
(SELECT 'actor', a.id, a.name, a.slug, p.n FROM per_actor AS p JOIN actors_actor AS a ON a.id = p.actor_id
 ORDER BY p.n DESC, a.name LIMIT %(actors)s)
UNION ALL
(SELECT 'topic', t.id, t.name, t.slug, coalesce(p.n, 0) FROM claims_topic AS t LEFT JOIN per_topic AS p
 ON p.topic_id = t.id ORDER BY coalesce(p.n, 0) DESC, t.name)
"""


def record_summary(*, actors: int = 12) -> RecordSummary:
    """How much is on the record: totals, the most quoted actors, every topic. Counting a million rows takes
    a table's worth of index scan, so the figures are cached briefly."""
    cached = cache.get(SUMMARY_CACHE_KEY)
    if cached is not None and len(cached.most_quoted) <= actors:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_SUMMARY_SQL, {"actors": actors})
        rows = cursor.fetchall()
    summary = RecordSummary(
        statements=next((row[4] or 0 for row in rows if row[0] == "total"), 0),
        most_quoted=[row[1:] for row in rows if row[0] == "actor"],
        topics=[row[1:] for row in rows if row[0] == "topic"],
    )
    cache.set(SUMMARY_CACHE_KEY, summary, SUMMARY_TTL)
    return summary


_RECENT_SHIFTS_SQL = f"""
SELECT recent.id, recent.actor_id, recent.topic_id, recent.said_on, recent.previous_stance, recent.stance,
       recent.previous_id, recent.previous_said_on, ''
FROM claims_topic AS topic
CROSS JOIN LATERAL (
    SELECT * FROM (
        SELECT first_id AS id, %(actor_id)s AS actor_id, topic_id, said_on, stance,
               lead(stance) OVER w AS previous_stance, lead(last_id) OVER w AS previous_id,
               lead(said_on) OVER w AS previous_said_on
        FROM ({_SETTLED_DAYS_SQL.format(topic="topic_id = topic.id")} ORDER BY said_on DESC) AS days
        WINDOW w AS (ORDER BY said_on DESC)
    ) AS runs
    WHERE previous_stance <> stance AND said_on - previous_said_on >= %(min_gap)s
    LIMIT %(per_topic)s
) AS recent
ORDER BY recent.said_on DESC, recent.id DESC
"""  # noqa: S608 (constant fragments, no input)


def stance_shifts_recent(*, actor_id: int, per_topic: int) -> list[StanceShift]:
    """The latest shifts of the actor on each topic (at most per_topic each), newest first, without their text
    (which would cost a visit to the table per shift). One query.

    Each topic's days are walked newest first down statement_actor_topic_date, and the walk stops once
    per_topic shifts are found: the cost follows the shifts shown, not the actor's number of statements.
    """
    with connection.cursor() as cursor:
        cursor.execute(_RECENT_SHIFTS_SQL, {"actor_id": actor_id, "per_topic": per_topic, **shift_parameters()})
        return [StanceShift(*row) for row in cursor.fetchall()]
