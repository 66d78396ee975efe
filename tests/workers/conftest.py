"""Real Celery workers for the worker tests: subprocesses on a real Redis, using the pytest test database.

Each test gets its own queue name, so tests never see each other's messages. The outage tests start their own
redis-server on a free port; the shared Redis is never stopped or flushed. Worker tests are transactional: the
workers (other processes) must see what the test wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import quote, urlparse

import psutil
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from claims.models import Article, Claim, Statement
from tests.conftest import IN_CI, require_service

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
# Short enough that a dead worker's messages come back within the test; the limits stay below it.
VISIBILITY_TIMEOUT = 12
TIME_LIMIT = 10
SOFT_TIME_LIMIT = 7  # the hard limit leaves a slow child 3 s to record the soft limit's failure


def broker_url_for_tests() -> str:
    configured = os.environ.get("CELERY_BROKER_URL", "")
    return configured if configured.startswith("redis") else DEFAULT_REDIS_URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], object], *, timeout: float, what: str, interval: float = 0.2) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def database_url() -> str:
    """The pytest test database, as a URL another process can use (a unix socket in the embedded mode)."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{quote(db['USER'])}:{password}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


class Worker:
    """A `celery worker` process tree. Its log is kept in a file for assertions and failure reports."""

    def __init__(self, env: dict[str, str], log_path: Path, *, name: str, concurrency: int, extra: list[str]) -> None:
        self.env = env
        self.log_path = log_path
        self.name = name
        self.concurrency = concurrency
        self.extra = extra
        self.process: subprocess.Popen | None = None

    def start(self, *, wait: bool = True) -> Worker:
        command = [
            sys.executable, "-m", "celery", "-A", "tests.workers.celery_app", "worker",
            "--loglevel=INFO", "--pool=prefork", f"--concurrency={self.concurrency}",
            f"--queues={self.env['CELERY_QUEUE']}", f"--hostname={self.name}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat", *self.extra,
        ]  # fmt: skip
        before = self.model_loads()
        with open(self.log_path, "a") as log:
            # Its own session, so the whole tree (parent and children) can be killed at once.
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        if wait:
            wait_for(
                lambda: (
                    self._check_alive() and " ready." in self.log() and self.model_loads() >= before + self.concurrency
                ),
                timeout=90,
                what=f"worker {self.name} to start and load the model in {self.concurrency} child(ren)",
            )
        return self

    def _check_alive(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
        return True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def model_loads(self) -> int:
        return self.log().count("spaCy model")

    def children(self) -> list[psutil.Process]:
        assert self.process is not None
        try:
            return psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def kill_child(self) -> int:
        child = self.children()[0]
        child.send_signal(signal.SIGKILL)
        return child.pid

    def kill(self) -> None:
        """SIGKILL the parent and its children together: the machine lost power, as far as Redis can tell."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


class RedisServer:
    """A redis-server of the test's own on a free port, which the test may stop, restart and empty."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            message = "redis-server is not installed (apt-get install redis-server)"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # No persistence: a restart comes back empty, like a Redis that lost its data.
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: self._pings(), timeout=20, what=f"redis-server on port {self.port}")

    def _pings(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None


@pytest.fixture
def broker_url() -> str:
    url = broker_url_for_tests()
    parsed = urlparse(url)
    require_service("Redis", parsed.hostname or "127.0.0.1", parsed.port or 6379)
    return url


@pytest.fixture
def worker_env(transactional_db, broker_url: str) -> dict[str, str]:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=broker_url,
        CELERY_QUEUE=f"onrecord-test-{uuid.uuid4().hex[:12]}",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CELERY_TASK_TIME_LIMIT=str(TIME_LIMIT),
        CELERY_TASK_SOFT_TIME_LIMIT=str(SOFT_TIME_LIMIT),
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        EXTRACTION_REQUEUE_RUNNING_AFTER=str(TIME_LIMIT + 1),
        PYTHONUNBUFFERED="1",
        DEBUG="0",
    )
    return env


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def start_worker(worker_env: dict[str, str], tmp_path: Path, request) -> Iterator[Callable[..., Worker]]:  # noqa: ANN001
    workers: list[Worker] = []

    def _start(
        *,
        name: str = "w1",
        concurrency: int = 1,
        env: dict[str, str] | None = None,
        extra: list[str] | None = None,
        wait: bool = True,
    ) -> Worker:
        worker = Worker(
            {**worker_env, **(env or {})},
            tmp_path / f"{name}.log",
            name=name,
            concurrency=concurrency,
            extra=extra or [],
        )
        workers.append(worker)
        return worker.start(wait=wait)

    yield _start
    for worker in workers:
        worker.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        for worker in workers:
            print(f"--- log of worker {worker.name} ---\n{worker.log()[-6000:]}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001, ANN201
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def manage(env: dict[str, str], *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def write_jsonl(path: Path, texts: list[str], *, published: str = "2023-12-07") -> Path:
    path.write_text(
        "".join(json.dumps({"id": str(n), "text": t, "published": published}) + "\n" for n, t in enumerate(texts))
    )
    return path


SPEAKERS = [
    "Kremlin spokesman Dmitry Peskov said that Russia was ready to negotiate about item {n}.",
    "Chuck Schumer told reporters that the Senate would pass aid package {n} for Ukraine.",
    "Volodymyr Zelensky said on Monday that Ukraine needed more air defence, report {n} noted.",
]


def texts(count: int, *, prefix: str = "") -> list[str]:
    return [f"{prefix}{SPEAKERS[n % 3].format(n=n)} Officials added that round {n} went well." for n in range(count)]


def finished(ids: list[int] | None = None) -> bool:
    articles = Article.objects.all() if ids is None else Article.objects.filter(pk__in=ids)
    return articles.exists() and not articles.exclude(status__in=["done", "failed"]).exists()


def assert_each_extracted_exactly_once() -> None:
    """Every article is done, and its claims all come from the run that finished it: none lost, none doubled."""
    statuses = Counter(Article.objects.values_list("status", flat=True))
    assert statuses == {"done": sum(statuses.values())}, statuses
    for article in Article.objects.annotate(n=Count("claims")):
        runs = set(Claim.objects.filter(article=article).values_list("run_id", flat=True))
        assert article.n >= 1, f"article {article.pk} has no claims"
        assert runs == {article.extraction_run_id}, f"article {article.pk} has claims of runs {runs}"
    spans = Claim.objects.values("article", "cue_start", "content_start", "content_end").annotate(n=Count("pk"))
    assert not spans.filter(n__gt=1).exists(), "a claim was stored twice"


@pytest.fixture
def demo_data(transactional_db):  # noqa: ANN001
    """The demo actors and topics, without the seed article (and without extracting it in this process)."""
    with mock.patch("claims.services.articles.articles_enqueue"):
        call_command("load_demo", verbosity=0)
    Statement.objects.all().delete()  # the demo's editor decisions protect their articles
    Article.objects.all().delete()
