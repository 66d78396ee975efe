"""Analyst pages at scale: the actor page of an actor with 20,000 statements, and full-text search over a million.

Builds the data with `seed_synthetic --actors 200 --statements 1000000` in a dedicated database (kept between runs:
seeding is skipped when the data is already there), then times the views in-process (server time: request in,
response out, no network) against a baseline measured in the same run: a raw SQL fetch of the same rows.

    make bench                       # embedded PostgreSQL (default mode), database onrecord_analyst_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/bench_analyst.py   # same server, bench database
Environment: BENCH_DATABASE (name, default onrecord_analyst_bench), BENCH_STATEMENTS (default 1000000),
BENCH_RUNS (default 21).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
os.environ.setdefault("STATIC_MANIFEST", "0")  # no collectstatic needed to render pages

BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "onrecord_analyst_bench")
STATEMENTS = int(os.environ.get("BENCH_STATEMENTS", "1000000"))
ACTORS = 200
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
ACTOR_PAGE_TARGET_MS = 100
SEARCH_TARGET_MS = 150
RECENT_SQL = (
    "SELECT s.id, s.text, s.stance, s.approved_at, a.name, t.name FROM claims_statement s"
    " JOIN actors_actor a ON a.id = s.actor_id LEFT JOIN claims_topic t ON t.id = s.topic_id"
)
SEARCHES = ["ceasefire talks", "sanctions", '"peace plan"', "oil embargo -suspends", "tariffs OR subsidies"]


def use_bench_database() -> None:
    """Point the default connection at a dedicated database on the same server, creating it if needed."""
    import psycopg2
    from django.conf import settings

    from kb.embedded_db import embedded_database_acquire

    embedded_database_acquire()  # this bench is an entry point: it uses the embedded server until it exits
    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or None
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    admin.close()
    db["NAME"] = BENCH_DATABASE


def timed(fn: Callable[[], object], runs: int = RUNS, warmup: int = 2) -> float:
    """Median wall time in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    import django

    use_bench_database()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from actors.models import Actor
    from claims.models import Topic
    from claims.services.synthetic import synthetic_count

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    # Reuse the data when it has the right size; rebuild it when an earlier run left another size.
    call_command(
        "seed_synthetic",
        actors=ACTORS,
        statements=STATEMENTS,
        replace=synthetic_count() not in {(0, 0), (ACTORS, STATEMENTS)},
    )
    print(f"data ready in {time.perf_counter() - started:.1f} s (database {BENCH_DATABASE})")

    heavy = Actor.objects.get(slug="synthetic-0001")
    light = Actor.objects.filter(slug__startswith="synthetic-").order_by("-slug").first()
    heavy_count, light_count = heavy.statements.count(), light.statements.count()
    client = Client()

    def page(url: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            page(url)()
        return len(context.captured_queries)

    # --- Actor page -------------------------------------------------------------------------------------------
    heavy_url, light_url = f"/actors/{heavy.slug}/", f"/actors/{light.slug}/"
    heavy_queries, light_queries = queries(heavy_url), queries(light_url)
    assert heavy_queries == light_queries, f"query count varies: {heavy_queries} vs {light_queries}"

    def raw_actor_rows() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.id, s.text, s.said_on, s.stance, s.kind, s.cue_text, t.name, a.title, a.url"
                " FROM claims_statement s LEFT JOIN claims_topic t ON t.id = s.topic_id"
                " JOIN claims_article a ON a.id = s.article_id"
                " WHERE s.actor_id = %s ORDER BY s.said_on DESC, s.id DESC LIMIT 25",
                [heavy.pk],
            )
            cursor.fetchall()

    actor_ms = timed(page(heavy_url))
    actor_filtered_ms = timed(page(heavy_url + "?topic=synthetic-energy&stance=against&sort=oldest&page=3"))
    actor_search_ms = timed(page(heavy_url + "?q=ceasefire"))
    actor_baseline_ms = timed(raw_actor_rows)

    # --- Full-text search over every statement -----------------------------------------------------------------
    def raw_search(q: str) -> Callable[[], None]:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, text, said_on FROM claims_statement, websearch_to_tsquery('english', %s) AS q"
                    " WHERE search_vector @@ q ORDER BY ts_rank(search_vector, q) DESC, said_on DESC LIMIT 25",
                    [q],
                )
                cursor.fetchall()

        return run

    search_rows = []
    with connection.cursor() as cursor:
        for q in SEARCHES:
            cursor.execute(
                "SELECT count(*) FROM claims_statement WHERE search_vector @@ websearch_to_tsquery('english', %s)",
                [q],
            )
            matches = cursor.fetchone()[0]
            app_ms = timed(page("/search/?" + urlencode({"q": q})))
            raw_ms = timed(raw_search(q))
            search_rows.append((q, matches, app_ms, raw_ms))
    search_median = statistics.median(row[2] for row in search_rows)

    # --- Newest on the record: the Atom feeds (30 entries) and the home page -------------------------------------
    def raw_recent(column: str | None, value: int | None) -> Callable[[], None]:
        where = f"WHERE s.{column} = %s" if column else ""
        sql = f"{RECENT_SQL} {where} ORDER BY s.approved_at DESC, s.id DESC LIMIT 30"  # noqa: S608 (fixed names)

        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, [value] if column else [])
                cursor.fetchall()

        return run

    topic = Topic.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
    recent_rows = [
        (
            f"topic feed ({topic.slug})",
            timed(page(f"/topics/{topic.slug}/feed/")),
            timed(raw_recent("topic_id", topic.pk)),
        ),
        (
            f"actor feed ({light.slug})",
            timed(page(f"/actors/{light.slug}/feed/")),
            timed(raw_recent("actor_id", light.pk)),
        ),
        ("home page", timed(page("/")), timed(raw_recent(None, None))),
    ]

    # --- Report -------------------------------------------------------------------------------------------------
    total = Actor.objects.filter(slug__startswith="synthetic-").count()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    print(f"\n{STATEMENTS:,} statements, {total} actors; median of {RUNS} runs after 2 warm-ups, in-process")
    # Wall times: on a machine shared with other work they grow with the load, the ratios much less.
    print(f"machine: {os.cpu_count()} CPUs, load average {load}\n")
    print(f"actor page, {heavy_count:,} statements ({heavy.slug})")
    print(f"  queries: {heavy_queries} (and {light_queries} for {light.slug} with {light_count:,}) -> constant")
    print(
        f"  page:                       {actor_ms:7.1f} ms   target <= {ACTOR_PAGE_TARGET_MS} ms  "
        f"{'ok' if actor_ms <= ACTOR_PAGE_TARGET_MS else 'OVER'}"
    )
    print(f"  filtered, oldest, page 3:   {actor_filtered_ms:7.1f} ms")
    print(f"  with full-text search:      {actor_search_ms:7.1f} ms")
    print(
        f"  baseline raw SQL 25 rows:   {actor_baseline_ms:7.1f} ms   page / baseline = "
        f"{actor_ms / actor_baseline_ms:.1f}x"
    )
    print(f"\nfull-text search over {STATEMENTS:,} statements (/search/?q=..., ranked)")
    print(f"  {'query':28} {'matches':>8} {'page ms':>8} {'raw ms':>8} {'ratio':>6}")
    for q, matches, app_ms, raw_ms in search_rows:
        print(f"  {q:28} {matches:8,} {app_ms:8.1f} {raw_ms:8.1f} {app_ms / raw_ms:5.1f}x")
    print(
        f"  median over the queries:    {search_median:7.1f} ms   target <= {SEARCH_TARGET_MS} ms  "
        f"{'ok' if search_median <= SEARCH_TARGET_MS else 'OVER'}"
    )
    slowest = max(row[2] for row in search_rows)
    print(f"  slowest query:              {slowest:7.1f} ms")
    print("\nnewest on the record (by approval)")
    print(f"  {'page':40} {'page ms':>8} {'raw ms':>8} {'ratio':>6}")
    for name, app_ms, raw_ms in recent_rows:
        print(f"  {name:40} {app_ms:8.1f} {raw_ms:8.1f} {app_ms / raw_ms:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
