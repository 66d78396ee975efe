"""Benchmark: GET /api/statements/?actor=X&topic=Y under gunicorn on 1M synthetic statements, against raw SQL.

Run by `make bench`, or alone: `.venv/bin/python bench/bench_api.py`. Needs a PostgreSQL server and wrk on the PATH
(it says SKIPPED and exits 0 without them). The database is onrecord_api_bench on the server of BENCH_API_DATABASE_URL,
else of DATABASE_URL, else of postgres://postgres@127.0.0.1:5432; it is created and seeded on first use (~1-2 min).

Measured with wrk (8 connections, loopback), in the same run and on the same gunicorn:
  - the API's first page and a deep cursor page (90% of the way through the actor's rows on the topic);
  - a baseline route (bench/api_bench_app.py) that runs hand-written SQL for exactly the same rows and returns them
    as JSON, so the ratio is the whole framework's cost over the floor of any HTTP endpoint serving these rows.
The raw query's own in-process latency (psycopg2, no HTTP) is printed too, for scale.

Environment: BENCH_API_DATABASE_URL, BENCH_API_STATEMENTS (1000000), BENCH_API_SECONDS (5 per measurement),
BENCH_API_ROUNDS (3: the four measurements alternate, and each figure is the median over the rounds),
BENCH_API_WORKERS (gunicorn sync workers, default: twice the CPUs), BENCH_API_CONNECTIONS (8).
Load from other processes on the machine shows directly in the latencies; the load average is printed with them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"
BENCH_DATABASE = "onrecord_api_bench"
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PAGE_SIZE = 50
TARGET_P99_MS = 50.0
TARGET_RATIO = 3.0
DEEP_FRACTION = 0.9


@dataclass(frozen=True)
class WrkResult:
    p50_ms: float
    p99_ms: float
    requests_per_second: float
    requests: int
    bad_responses: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_database_url() -> str:
    if os.environ.get("BENCH_API_DATABASE_URL"):
        return os.environ["BENCH_API_DATABASE_URL"]
    server = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL)
    return server._replace(path=f"/{BENCH_DATABASE}").geturl()


def skipped(reason: str) -> int:
    print(f"bench_api: SKIPPED: {reason}")
    return 0


def database_ensure(url: str) -> bool:
    """Create the benchmark database when it is missing; False when the server cannot be reached."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    try:
        admin = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
        )
    except psycopg2.OperationalError:
        return False
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return True


def server_env(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"CELERY_BROKER_URL"}}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        STATIC_MANIFEST="0",
        DB_CONN_MAX_AGE="600",
        # The load generator is one client at one address: throttling would measure 429s, not the API.
        API_THROTTLE_ANON="off",
        API_THROTTLE_USER="off",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wrk_run(url: str, *, seconds: int, connections: int) -> WrkResult:
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = {p: _duration_ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE)}
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkResult(
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        requests=requests,
        bad_responses=(int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0),
    )


def median_result(samples: list[WrkResult]) -> WrkResult:
    return WrkResult(
        p50_ms=statistics.median(r.p50_ms for r in samples),
        p99_ms=statistics.median(r.p99_ms for r in samples),
        requests_per_second=statistics.median(r.requests_per_second for r in samples),
        requests=sum(r.requests for r in samples),
        bad_responses=sum(r.bad_responses for r in samples),
    )


def _duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own loopback server)
        return json.loads(response.read())


def main() -> int:
    if shutil.which("wrk") is None:
        return skipped("wrk is not installed (apt-get install wrk)")
    database_url = bench_database_url()
    statements = int(os.environ.get("BENCH_API_STATEMENTS", "1000000"))
    seconds = int(os.environ.get("BENCH_API_SECONDS", "5"))
    rounds = int(os.environ.get("BENCH_API_ROUNDS", "3"))
    # Sync workers wait on the database part of the time, so twice the cores keeps the CPUs busy (gunicorn's advice).
    workers = int(os.environ.get("BENCH_API_WORKERS", str(2 * (os.cpu_count() or 1))))
    connections = int(os.environ.get("BENCH_API_CONNECTIONS", "8"))

    load_before = os.getloadavg()
    if not database_ensure(database_url):
        return skipped(f"no PostgreSQL server at {urlsplit(database_url).netloc}")
    env = server_env(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_synthetic", "--actors", "200", "--statements", str(statements))

    # This process reads the targets and times the raw query in-process, on the same database.
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kb.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench.api_bench_app import raw_page
    from claims.api.pagination import Position, _encode_cursor

    with connection.cursor() as cursor:
        # The busiest actor, on its busiest topic: the deepest pages there are.
        cursor.execute(
            """SELECT a.slug, t.slug, a.id, t.id, count(*) FROM claims_statement s
               JOIN actors_actor a ON a.id = s.actor_id JOIN claims_topic t ON t.id = s.topic_id
               WHERE s.actor_id = (SELECT actor_id FROM claims_statement GROUP BY actor_id ORDER BY count(*) DESC
                                   LIMIT 1)
               GROUP BY a.slug, t.slug, a.id, t.id ORDER BY count(*) DESC LIMIT 1"""
        )
        actor, topic, actor_id, topic_id, matching = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM claims_statement")
        total = cursor.fetchone()[0]
        cursor.execute(
            """SELECT said_on, id FROM claims_statement
               WHERE actor_id = %s AND topic_id = %s AND said_on IS NOT NULL
               ORDER BY said_on, id OFFSET %s LIMIT 1""",
            [actor_id, topic_id, int(matching * DEEP_FRACTION)],
        )
        deep_said_on, deep_id = cursor.fetchone()
    deep_cursor = _encode_cursor(Position(said_on=deep_said_on, id=deep_id), backwards=False)

    # The raw query alone, in this process: what the database and driver take for one page.
    in_process = {}
    for name, said_on, after_id in (("first", None, None), ("deep", deep_said_on.isoformat(), deep_id)):
        timings = []
        for _ in range(300):
            started = time.perf_counter()
            raw_page(actor_id=actor_id, topic_id=topic_id, said_on=said_on, after_id=after_id, limit=PAGE_SIZE)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        in_process[name] = (statistics.median(timings), timings[int(len(timings) * 0.99) - 1])
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api_query = {"actor": actor, "topic": topic, "page_size": PAGE_SIZE}
    raw_query = {"actor_id": actor_id, "topic_id": topic_id, "limit": PAGE_SIZE}
    raw_deep_query = {**raw_query, "said_on": deep_said_on, "id": deep_id}
    urls = {
        "api first page": f"{base}/api/statements/?{urlencode(api_query)}",
        "api deep page": f"{base}/api/statements/?{urlencode({**api_query, 'cursor': deep_cursor})}",
        "raw SQL first page": f"{base}/raw/statements?{urlencode(raw_query)}",
        "raw SQL deep page": f"{base}/raw/statements?{urlencode(raw_deep_query)}",
    }

    RESULTS.mkdir(exist_ok=True)
    log = (RESULTS / "bench_api-gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.api_bench_app:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()  # noqa: S310 (loopback)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("bench_api: gunicorn did not start; see bench-results/bench_api-gunicorn.log")
                time.sleep(0.3)

        # The API and the baseline must return the same rows, or the ratio means nothing.
        for page in ("first", "deep"):
            api_ids = [row["id"] for row in get_json(urls[f"api {page} page"])["results"]]
            raw_ids = [row["id"] for row in get_json(urls[f"raw SQL {page} page"])["results"]]
            if api_ids != raw_ids or len(api_ids) != PAGE_SIZE:
                sys.exit(f"bench_api: the {page} pages differ (api {api_ids[:3]}…, raw {raw_ids[:3]}…)")

        for url in urls.values():
            wrk_run(url, seconds=2, connections=connections)  # warm-up: connections, caches, plans
        # Rounds alternate between the API and the baseline, so a burst of other load on the machine lands on both
        # alike instead of on whichever happened to be measured then; each figure is the median over the rounds.
        runs: dict[str, list[WrkResult]] = {name: [] for name in urls}
        for _ in range(rounds):
            for name, url in urls.items():
                runs[name].append(wrk_run(url, seconds=seconds, connections=connections))
        results = {name: median_result(samples) for name, samples in runs.items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    print(f"{total:,} statements; actor={actor} topic={topic}: {matching:,} matching rows; page size {PAGE_SIZE}")
    print(
        f"gunicorn {workers} sync workers; wrk {connections} connections on loopback; {rounds} alternating rounds of "
        f"{seconds} s per request, medians over the rounds"
    )
    print(f"{os.cpu_count()} CPUs; load average before the run {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    print(f"{'request':<22}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'requests':>10}{'bad':>6}")
    for name, result in results.items():
        print(
            f"{name:<22}{result.p50_ms:>9.2f}{result.p99_ms:>9.2f}{result.requests_per_second:>9.0f}"
            f"{result.requests:>10}{result.bad_responses:>6}"
        )
    for page in ("first", "deep"):
        median, p99 = in_process[page]
        print(f"raw SQL {page} page in-process (psycopg2, no HTTP): p50 {median:.2f} ms, p99 {p99:.2f} ms")

    met = True
    for page in ("first", "deep"):
        api, raw = results[f"api {page} page"], results[f"raw SQL {page} page"]
        ratio_p50, ratio_p99 = api.p50_ms / raw.p50_ms, api.p99_ms / raw.p99_ms
        page_met = api.p99_ms <= TARGET_P99_MS and ratio_p99 <= TARGET_RATIO and api.bad_responses == 0
        met = met and page_met
        print(
            f"{page} page: API / raw SQL = {ratio_p50:.2f}x at p50, {ratio_p99:.2f}x at p99; "
            f"target p99 <= {TARGET_P99_MS:.0f} ms and ratio <= {TARGET_RATIO:.0f}x: {'met' if page_met else 'MISSED'}"
        )
    print(f"bench_api: targets {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
