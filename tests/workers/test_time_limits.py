"""Time limits on real workers: a slow article fails with a clear error; a stuck one is killed and run again."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from claims.models import Article
from tests.workers.conftest import (
    SOFT_TIME_LIMIT,
    TIME_LIMIT,
    assert_each_extracted_exactly_once,
    finished,
    manage,
    texts,
    wait_for,
    write_jsonl,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def ingest_one(env: dict[str, str], tmp_path: Path) -> Article:
    manage(env, "ingest", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", texts(1))))
    return Article.objects.get()


def test_an_article_past_the_soft_time_limit_fails_with_a_clear_error(start_worker, worker_env, tmp_path):
    worker = start_worker(env={"ONRECORD_TEST_SLOW_SECONDS": str(SOFT_TIME_LIMIT + 20)})
    child = worker.children()[0].pid
    article = ingest_one(worker_env, tmp_path)

    wait_for(finished, timeout=60, what="the slow article to fail")
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.extraction_error == f"Extraction took longer than the time limit ({SOFT_TIME_LIMIT} s)."
    assert article.claims.count() == 0
    assert [c.pid for c in worker.children()] == [child], "the soft limit stops the task, not the process"
    assert "Hard time limit" not in worker.log()


def test_an_article_stuck_past_the_hard_time_limit_is_killed_and_extracted_again(start_worker, worker_env, tmp_path):
    stuck = start_worker(name="stuck", env={"ONRECORD_TEST_SLOW_SECONDS": "60", "ONRECORD_TEST_IGNORE_SOFT_LIMIT": "1"})
    article = ingest_one(worker_env, tmp_path)
    started = time.monotonic()

    wait_for(lambda: "Hard time limit" in stuck.log(), timeout=60, what="the hard time limit to kill the child")
    assert time.monotonic() - started < TIME_LIMIT + 15
    article.refresh_from_db()
    assert article.status == Article.Status.RUNNING, "the killed run leaves the article to be swept, not lost"
    stuck.stop()

    start_worker(name="healthy")

    def swept() -> bool:
        # The sweeper's rule: running for longer than the hard limit means the run is dead. (Should the broker
        # deliver the message again first, the healthy worker finishes the article and there is nothing to sweep.)
        return finished() or "Requeued 1 " in manage(worker_env, "requeue_stale").stdout

    wait_for(swept, timeout=60, what="requeue_stale to send the stuck article again", interval=1)
    wait_for(finished, timeout=60, what="the article to be extracted by the healthy worker")
    assert_each_extracted_exactly_once()
    article.refresh_from_db()
    assert article.extraction_attempts == 2
