"""Extraction on real Celery workers and a real Redis: nothing lost, nothing extracted twice."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from claims import demo
from claims.models import Article, Claim
from tests.workers.conftest import assert_each_extracted_exactly_once, finished, manage, texts, wait_for, write_jsonl

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_ingest_makes_claims_appear_and_a_duplicate_leaves_one_article(demo_data, start_worker, worker_env):
    start_worker()
    out = manage(worker_env, "ingest", str(demo.SEED_ARTICLE_PATH), "--published", "2023-12-07", "--wait",
                 "--timeout", "120").stdout  # fmt: skip
    article = Article.objects.get()
    claims = Claim.objects.filter(article=article)
    assert article.status == Article.Status.DONE
    assert claims.filter(actor__slug="dmitry-peskov").exists()
    assert f"Claims: {claims.count()}. Failures: 0." in out

    again = manage(worker_env, "ingest", str(demo.SEED_ARTICLE_PATH), "--wait").stdout
    assert "Ingested 0 new article(s), 1 already stored, 0 rejected." in again
    assert Article.objects.count() == 1
    assert Claim.objects.count() == claims.count()


def ingest_jsonl(env: dict[str, str], tmp_path: Path, lines: list[str], *args: str, timeout: float = 120):
    return manage(env, "ingest", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", lines)), *args, timeout=timeout)


def test_a_worker_child_killed_mid_batch_loses_and_doubles_nothing(demo_data, start_worker, worker_env, tmp_path):
    worker = start_worker(env={"ONRECORD_TEST_SLOW_SECONDS": "0.4"})
    ingest_jsonl(worker_env, tmp_path, texts(16))  # two batches of 8
    wait_for(lambda: Article.objects.filter(status="done").count() >= 2, timeout=60, what="the first batch to start")
    killed = worker.kill_child()
    wait_for(finished, timeout=120, what="every article to be extracted after the child died")
    assert_each_extracted_exactly_once()
    assert f"pid:{killed} exited with 'signal 9 (SIGKILL)'" in worker.log()
    interrupted = Article.objects.filter(extraction_attempts=2)
    assert interrupted.exists(), "the articles the dead child held were run again"
    assert not Article.objects.filter(extraction_attempts__gt=2).exists()


def test_a_worker_killed_mid_batch_is_recovered_within_a_minute_of_its_restart_with_production_timeouts(
    demo_data, start_worker, worker_env, tmp_path
):
    # Production's visibility timeout and time limits: the dead worker's message stays unacknowledged for an hour, so
    # only the sweeper (beat inside the worker, as `make worker` runs it) seeing the run's lock gone can recover it.
    production = {
        "CELERY_VISIBILITY_TIMEOUT": "3600",
        "CELERY_TASK_TIME_LIMIT": "900",
        "CELERY_TASK_SOFT_TIME_LIMIT": "899",
        "EXTRACTION_REQUEUE_RUNNING_AFTER": "930",
    }
    with_beat = ["--beat", f"--schedule={tmp_path / 'beat-schedule'}"]
    first = start_worker(name="first", env={**production, "ONRECORD_TEST_SLOW_SECONDS": "0.4"}, extra=with_beat)
    ingest_jsonl(worker_env, tmp_path, texts(16))
    wait_for(lambda: Article.objects.filter(status="done").count() >= 2, timeout=60, what="the first batch to start")
    first.kill()
    assert Article.objects.filter(status="running").exists(), "killed in the middle of a batch"

    start_worker(name="restarted", env=production, extra=with_beat)
    restarted = time.monotonic()  # the worker is up with its model loaded; loading is not what is measured
    wait_for(finished, timeout=120, what="every article to be extracted after the restart")
    took = time.monotonic() - restarted
    print(f"every article extracted {took:.1f} s after the restarted worker was ready")
    assert_each_extracted_exactly_once()
    assert took < 60, f"recovery took {took:.0f} s"


def test_an_article_that_kills_its_worker_every_time_ends_as_failed(demo_data, start_worker, worker_env, tmp_path):
    worker = start_worker(env={"ONRECORD_TEST_POISON": "POISON-PILL", "EXTRACTION_MAX_ATTEMPTS": "3"})
    lines = texts(4)
    lines[2] = "POISON-PILL " + lines[2]
    ingest_jsonl(worker_env, tmp_path, lines)  # one batch of four
    wait_for(finished, timeout=150, what="the poison article to be given up")
    poison = Article.objects.get(text__startswith="POISON-PILL")
    assert poison.status == Article.Status.FAILED
    assert poison.extraction_attempts == 3
    assert "Gave up after 3 attempts" in poison.extraction_error
    assert poison.claims.count() == 0
    neighbours = Article.objects.exclude(pk=poison.pk)
    assert set(neighbours.values_list("status", flat=True)) == {"done"}, "its batch neighbours were not dragged down"
    assert worker.log().count("exited with 'signal 9 (SIGKILL)'") == 3


def test_two_workers_racing_on_one_article_leave_one_run(demo_data, start_worker, worker_env, tmp_path):
    slow = {"ONRECORD_TEST_SLOW_SECONDS": "2"}
    one, two = start_worker(name="one", env=slow), start_worker(name="two", env=slow)
    ingest_jsonl(worker_env, tmp_path, texts(1), "--wait", "--timeout", "60")
    article = Article.objects.get()
    first_run = article.extraction_run_id
    # Two deliveries of the same work at once, as after a redelivery or a double click.
    script = (
        "from claims.models import Article; from claims.tasks import articles_extract as task; "
        f"Article.objects.filter(pk={article.pk}).update(status='queued'); "
        f"task.delay([{article.pk}]); task.delay([{article.pk}])"
    )
    manage(worker_env, "shell", "-c", script)
    wait_for(lambda: one.log().count("TASK-DONE") + two.log().count("TASK-DONE") >= 3, timeout=60, what="both tasks")
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.extraction_attempts == 2, "the original run and exactly one of the two racers"
    assert article.extraction_run_id != first_run
    assert_each_extracted_exactly_once()
    logs = one.log() + two.log()
    assert len(re.findall(rf"skipped \[{article.pk}\]", logs)) == 1, "the loser saw a live run and stood back"
