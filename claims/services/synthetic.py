"""Synthetic statements for benchmarks: a million rows in a couple of minutes, built set-based inside PostgreSQL.

Every statement is a real row with a real article: the article text is made of the sentences that report its
statements, so each evidence span slices the text (the span trigger checks it on insert). Python only decides the
shape (which actor gets how many statements); PostgreSQL generates the rows with generate_series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection, transaction

from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.models import Statement, Topic

SLUG_PREFIX = "synthetic-"
OUTLET = "Synthetic Wire"
STATEMENTS_PER_ARTICLE = 5
HEAVY_SHARE = 0.02  # the first actor gets 2% of the statements: 20,000 of a million, what the benchmark needs
FIRST_DAY = "2015-01-01"
DAYS = 3650

FIRST_NAMES = [
    "Alex", "Maria", "Ivan", "Olena", "James", "Sofia", "Pierre", "Aiko", "Kwame", "Lucia",
    "Omar", "Hanna", "Diego", "Mei", "Tomasz", "Amara", "Lars", "Priya", "Ruth", "Nikolai",
]  # fmt: skip
LAST_NAMES = [
    "Morgan", "Kovalenko", "Petrov", "Dubois", "Tanaka", "Mensah", "Garcia", "Lindqvist", "Nowak", "Okafor",
    "Rossi", "Schmidt", "Haddad", "Chen", "Silva", "Andersen", "Mehta", "Walsh", "Novak", "Keller",
]  # fmt: skip
ROLES = ["Foreign Minister", "Senator", "Party leader", "Government spokesperson", "Defence analyst",
         "Ambassador", "Opposition leader", "Trade commissioner", "Mayor", "Think-tank director"]  # fmt: skip
TOPICS = [
    ("Energy security", "energy"), ("Trade tariffs", "tariffs"), ("Sanctions policy", "sanctions"),
    ("Military aid", "military-aid"), ("Climate policy", "climate"), ("Migration", "migration"),
    ("Peace negotiations", "peace-talks"), ("Public health", "health"),
]  # fmt: skip

# Words the statement texts are made of. Full-text search then behaves as on news prose: a term matches a few
# percent of the rows, a pair of terms a fraction of a percent.
SUBJECTS = ["the government", "the ministry", "the alliance", "the coalition", "the opposition", "the council",
            "the president", "the parliament", "the union", "the delegation", "the central bank", "the army",
            "the chief negotiator", "the regulator", "the senate", "the cabinet", "the prime minister",
            "the committee", "the industry", "the envoy"]  # fmt: skip
VERBS = ["supports", "rejects", "welcomes", "opposes", "questions", "backs", "condemns", "delays", "accelerates",
         "reviews", "extends", "suspends", "expands", "limits", "defends", "criticises", "endorses", "blocks",
         "funds", "postpones", "negotiates", "demands", "proposes", "restricts", "guarantees"]  # fmt: skip
OBJECTS = ["the ceasefire", "new sanctions", "the gas pipeline", "the trade agreement", "higher tariffs",
           "the aid package", "the climate target", "the border controls", "the vaccine programme",
           "the peace plan", "the energy subsidies", "the arms deliveries", "the refugee quota",
           "the carbon tax", "the grain corridor", "the nuclear deal", "the budget increase",
           "the export ban", "the reconstruction fund", "the troop withdrawal", "the oil embargo",
           "the migration pact", "the emissions cap", "the security guarantees", "the prisoner exchange",
           "the loan programme", "the fishing rights", "the water treaty", "the investment screening",
           "the data rules"]  # fmt: skip
QUALIFIERS = ["without delay", "under strict conditions", "for the coming year", "despite the protests",
              "after long talks", "as a matter of principle", "in its current form", "for now",
              "with regret", "in full", "only in part", "once again", "before the summit",
              "against all advice", "on humanitarian grounds", "for economic reasons"]  # fmt: skip
CUES = ["said", "told reporters", "stated", "argued", "warned", "insisted", "claimed", "declared"]


@dataclass(frozen=True)
class SyntheticSummary:
    actors: int
    topics: int
    articles: int
    statements: int
    heavy_actor_slug: str
    heavy_actor_statements: int


def _actor_shares(*, actors: int, statements: int) -> list[int]:
    """How many statements each actor gets: one heavy actor, then a long tail (Zipf-like, like news coverage)."""
    if actors == 1:
        return [statements]
    heavy = min(statements, max(1, round(statements * HEAVY_SHARE))) if actors > 1 else statements
    weights = [1 / (rank**0.3) for rank in range(2, actors + 1)]
    rest = statements - heavy
    shares = [math.floor(rest * w / sum(weights)) for w in weights]
    # Hand out the rounding remainder so the total is exact, without ever passing the heavy actor.
    for index in range(rest - sum(shares)):
        shares[index % len(shares)] += 1
    return [heavy, *shares]


def _actor_name(index: int) -> str:
    """Distinct names for the first 400 actors (the pairing never repeats), numbered after that."""
    name = f"{FIRST_NAMES[index % 20]} {LAST_NAMES[(index // 20 + index) % 20]}"
    return name if index < 400 else f"{name} {index // 400 + 1}"


def _coprime_multiplier(total: int) -> int:
    """A multiplier that permutes 1..total, so an actor's statements are scattered over the table as in real life."""
    # Near total / golden ratio: consecutive numbers land far apart (neighbouring sentences get different actors).
    candidate = int(total * 0.6180339887) | 1
    while math.gcd(candidate, total) != 1:
        candidate += 2
    return candidate


def synthetic_count() -> tuple[int, int]:
    """(actors, statements) of the synthetic data already in the database."""
    actor_ids = Actor.objects.filter(slug__startswith=SLUG_PREFIX).values("pk")
    return actor_ids.count(), Statement.objects.filter(actor__in=actor_ids).count()


def synthetic_delete() -> int:
    """Remove earlier synthetic data (statements, articles, actors, topics), so a rerun starts clean."""
    # Set-based: the ORM's delete() would load a million rows to run its cascade in Python.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_reviewevent SET statement_id = NULL WHERE statement_id IN (SELECT s.id FROM"
            " claims_statement AS s JOIN actors_actor AS a ON a.id = s.actor_id WHERE a.slug LIKE %s)",
            [SLUG_PREFIX + "%"],
        )
        cursor.execute(
            "DELETE FROM claims_statement WHERE actor_id IN (SELECT id FROM actors_actor WHERE slug LIKE %s)",
            [SLUG_PREFIX + "%"],
        )
        deleted = cursor.rowcount
        cursor.execute(
            "DELETE FROM claims_article AS a WHERE a.outlet = %s AND a.extractor_version = 'synthetic'"
            " AND NOT EXISTS (SELECT 1 FROM claims_statement AS s WHERE s.article_id = a.id)"
            " AND NOT EXISTS (SELECT 1 FROM claims_claim AS c WHERE c.article_id = a.id)",
            [OUTLET],
        )
    Actor.objects.filter(slug__startswith=SLUG_PREFIX, statements__isnull=True, claims__isnull=True).delete()
    Topic.objects.filter(slug__startswith=SLUG_PREFIX, statements__isnull=True, claims__isnull=True).delete()
    return deleted


def synthetic_seed(*, actors: int, statements: int) -> SyntheticSummary:
    """Create `actors` synthetic actors and `statements` approved statements with their articles.

    Refuses to run over earlier synthetic data: call synthetic_delete() first.
    """
    if actors < 1 or statements < actors:
        raise ValueError("need at least one actor and at least one statement per actor")
    if Actor.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise ValueError("synthetic data already exists; delete it first (--replace)")

    shares = _actor_shares(actors=actors, statements=statements)
    with transaction.atomic():
        actor_rows = Actor.objects.bulk_create(
            Actor(
                name=_actor_name(i),
                slug=f"{SLUG_PREFIX}{i + 1:04d}",
                role=ROLES[i % len(ROLES)],
                country="Synthetia",
            )
            for i in range(actors)
        )
        # bulk_create skips Alias.save(), which normalises; do it here.
        Alias.objects.bulk_create(
            Alias(actor=a, name=a.name.split()[1], normalized=name_normalise(a.name.split()[1])) for a in actor_rows
        )
        topic_rows = [
            Topic.objects.get_or_create(slug=f"{SLUG_PREFIX}{slug}", defaults={"name": name, "keywords": [slug]})[0]
            for name, slug in TOPICS
        ]
        bounds = [1]
        for share in shares[:-1]:
            bounds.append(bounds[-1] + share)
        articles = math.ceil(statements / STATEMENTS_PER_ARTICLE)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(
                _GENERATE_SQL,
                {
                    "total": statements,
                    "multiplier": _coprime_multiplier(statements),
                    "bounds": bounds,
                    "actor_ids": [a.pk for a in actor_rows],
                    "actor_names": [a.name for a in actor_rows],
                    "topic_ids": [t.pk for t in topic_rows],
                    "per_article": STATEMENTS_PER_ARTICLE,
                    "first_day": FIRST_DAY,
                    "days": DAYS,
                    "subjects": SUBJECTS,
                    "verbs": VERBS,
                    "objects": OBJECTS,
                    "qualifiers": QUALIFIERS,
                    "cues": CUES,
                },
            )
            cursor.execute(_ARTICLES_SQL, {"outlet": OUTLET})
            cursor.execute(_STATEMENTS_SQL)
            cursor.execute("DROP TABLE synthetic_statement, synthetic_article")
    # Fresh statistics and visibility map, so the planner sees the new rows and index-only scans work at once.
    # VACUUM cannot run inside a transaction (a test's, say); ANALYZE alone still gives the planner its figures.
    maintenance = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in ("actors_actor", "actors_alias", "claims_topic", "claims_article", "claims_statement"):
            cursor.execute(f"{maintenance} {table}")
    return SyntheticSummary(
        actors=actors,
        topics=len(topic_rows),
        articles=articles,
        statements=statements,
        heavy_actor_slug=actor_rows[0].slug,
        heavy_actor_statements=shares[0],
    )


# One row per statement with everything derived from its number n:
# - actor: n is permuted over 1..total, then bucketed by the actors' shares (width_bucket on the lower bounds);
# - article: STATEMENTS_PER_ARTICLE consecutive numbers share an article and its date;
# - stance: constant per (actor, topic, 120-day period) with a little noise, so actors do shift, now and then;
# - text: subject + verb + object + qualifier, drawn by different strides of n.
_GENERATE_SQL = """
CREATE TEMP TABLE synthetic_statement ON COMMIT DROP AS
WITH numbered AS (
    SELECT n,
           width_bucket((n::bigint * %(multiplier)s) %% %(total)s + 1, %(bounds)s::bigint[]) AS actor_index,
           (n - 1) / %(per_article)s + 1 AS article_no,
           CASE WHEN n %% 20 = 0 THEN NULL ELSE (n * 7) %% array_length(%(topic_ids)s::bigint[], 1) + 1 END
               AS topic_index
    FROM generate_series(1, %(total)s) AS n
), dated AS (
    SELECT numbered.*,
           %(first_day)s::date + ((article_no::bigint * 7919) %% %(days)s)::int - (n %% 3)::int AS said_on,
           CASE WHEN n %% 10 < 3 THEN 'direct' WHEN n %% 10 < 8 THEN 'indirect' ELSE 'mixed' END AS kind,
           (%(subjects)s::text[])[(n * 13) %% array_length(%(subjects)s::text[], 1) + 1] AS subject,
           (%(verbs)s::text[])[(n * 17 + n / 7) %% array_length(%(verbs)s::text[], 1) + 1] AS verb,
           (%(objects)s::text[])[(n * 29 + n / 11) %% array_length(%(objects)s::text[], 1) + 1] AS object,
           (%(qualifiers)s::text[])[(n * 37 + n / 13) %% array_length(%(qualifiers)s::text[], 1) + 1] AS qualifier,
           (%(cues)s::text[])[(n * 11) %% array_length(%(cues)s::text[], 1) + 1] AS cue
    FROM numbered
), worded AS (
    SELECT dated.*,
           (%(actor_ids)s::bigint[])[actor_index] AS actor_id,
           (%(actor_names)s::text[])[actor_index] AS actor_name,
           (%(topic_ids)s::bigint[])[topic_index] AS topic_id,
           CASE
               WHEN topic_index IS NULL THEN ''
               WHEN n %% 11 = 0 THEN (ARRAY['favor', 'against', 'neutral'])[n %% 3 + 1]
               ELSE (ARRAY['favor', 'against', 'neutral'])[
                   abs((actor_index::bigint * 73856093) # (topic_index::bigint * 19349663)
                       # (((said_on - %(first_day)s::date) / 120)::bigint * 83492791)) %% 3 + 1]
           END AS stance,
           CASE kind
               WHEN 'direct' THEN 'We ' || left(verb, -1) || ' ' || object || ' ' || qualifier
               WHEN 'mixed' THEN 'that ' || subject || ' "' || verb || ' ' || object || '" ' || qualifier
               ELSE 'that ' || subject || ' ' || verb || ' ' || object || ' ' || qualifier
           END AS text
    FROM dated
), sentenced AS (
    SELECT worded.*,
           actor_name || ' ' || cue || ' ' || CASE WHEN kind = 'direct' THEN '"' || text || '"' ELSE text END || '.'
               AS sentence,
           length(actor_name) + length(cue) + 2 + CASE WHEN kind = 'direct' THEN 1 ELSE 0 END AS offset_in_sentence
    FROM worded
)
SELECT sentenced.*,
       -- Where the sentence starts in the article: the lead line, then the sentences before it and their spaces.
       length('Synthetic report ' || article_no || '.') + 1
           + coalesce(sum(length(sentence) + 1) OVER (
                 PARTITION BY article_no ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           + offset_in_sentence AS start
FROM sentenced
"""

_ARTICLES_SQL = """
CREATE TEMP TABLE synthetic_article ON COMMIT DROP AS
SELECT nextval(pg_get_serial_sequence('claims_article', 'id')) AS id, article_no, said_on, text
FROM (
    SELECT article_no, max(said_on) AS said_on,
           'Synthetic report ' || article_no || '. ' || string_agg(sentence, ' ' ORDER BY n) AS text
    FROM synthetic_statement GROUP BY article_no
) AS grouped;

INSERT INTO claims_article (
    id, title, outlet, url, published_on, text, text_hash, word_count, status, status_changed_at,
    extraction_error, extraction_attempts, extractor_version, extracted_at, created_at, updated_at)
SELECT id, 'Synthetic report ' || article_no, %(outlet)s, 'https://synthetic.example/reports/' || article_no,
       said_on, text, encode(sha256(convert_to(lower(text), 'UTF8')), 'hex'),
       array_length(regexp_split_to_array(text, ' '), 1), 'done', now(), '', 0, 'synthetic', now(), now(), now()
FROM synthetic_article;
"""

_STATEMENTS_SQL = """
INSERT INTO claims_statement (
    actor_id, text, cue_text, kind, said_on, date_precision, topic_id, stance, article_id, start, "end",
    approved_at, updated_at)
SELECT s.actor_id, s.text, s.cue, s.kind, s.said_on, 'day', s.topic_id, s.stance, a.id, s.start,
       s.start + length(s.text), approved_at, approved_at
FROM synthetic_statement AS s JOIN synthetic_article AS a USING (article_no),
     LATERAL (SELECT s.said_on + time '12:00' + interval '1 day' AS approved_at) AS approval
ORDER BY s.n
"""
