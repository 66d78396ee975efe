"""Redis outages: ingest never hangs or fails, and every queued article is extracted once Redis is back.

These tests run their own redis-server on a free port; the shared Redis is never touched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from claims.models import Article
from tests.factories import EditorFactory
from tests.workers.conftest import (
    ROOT,
    assert_each_extracted_exactly_once,
    finished,
    free_port,
    manage,
    texts,
    wait_for,
    write_jsonl,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_articles_ingested_while_redis_is_down_are_kept_queued_and_swept_once_it_is_back(
    demo_data, own_redis, start_worker, worker_env, tmp_path
):
    env = {**worker_env, "CELERY_BROKER_URL": own_redis.url}
    start_worker(env={"CELERY_BROKER_URL": own_redis.url})
    own_redis.stop()

    started = time.monotonic()
    result = manage(env, "ingest", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", texts(12))), timeout=120)
    took = time.monotonic() - started
    assert "Ingested 12 new article(s)" in result.stdout
    assert took < 45, f"publishing must be bounded in time when the broker is down (took {took:.0f} s)"
    assert "Could not queue extraction" in result.stderr
    assert set(Article.objects.values_list("status", flat=True)) == {"queued"}

    own_redis.start()
    time.sleep(3)  # the worker reconnects, and finds nothing: the messages never reached Redis
    assert set(Article.objects.values_list("status", flat=True)) == {"queued"}
    assert "Requeued 12 article(s)" in manage(env, "requeue_stale", "--older-than", "0").stdout
    wait_for(finished, timeout=120, what="the swept articles to be extracted")
    assert_each_extracted_exactly_once()


def test_redis_restarted_empty_loses_nothing_thanks_to_the_beat_sweeper(
    demo_data, own_redis, start_worker, worker_env, tmp_path
):
    env = {**worker_env, "CELERY_BROKER_URL": own_redis.url}
    manage(env, "ingest", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", texts(10))))  # no worker yet
    own_redis.stop()
    own_redis.start()  # empty: the queued messages are gone

    sweeper_env = {**env, "EXTRACTION_SWEEP_INTERVAL": "1", "EXTRACTION_REQUEUE_QUEUED_AFTER": "2"}
    start_worker(env=sweeper_env)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.workers.celery_app", "beat", "--loglevel=INFO",
         f"--schedule={tmp_path / 'beat-schedule'}"],
        cwd=ROOT, env=sweeper_env, stdout=(tmp_path / "beat.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(finished, timeout=90, what="beat's sweeper to send the lost articles again")
    finally:
        beat.terminate()
        beat.wait(timeout=20)
    assert_each_extracted_exactly_once()
    assert Article.objects.count() == 10
    assert "articles_requeue_stale_task" in Path(tmp_path / "beat.log").read_text()


def answers_health_check(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def test_a_hung_broker_holds_an_api_submission_for_about_a_second_and_the_sweeper_sends_it_later(
    demo_data, own_redis, worker_env, tmp_path
):
    env = {**worker_env, "CELERY_BROKER_URL": own_redis.url, "SECURE_SSL_REDIRECT": "0"}
    token = Token.objects.create(user=EditorFactory()).key
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi:application", f"--bind=127.0.0.1:{port}", "--workers=1"],
        cwd=ROOT, env=env, stdout=(tmp_path / "gunicorn.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip

    def submit(text: str) -> tuple[int, float]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/articles/",
            data=json.dumps({"text": text}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http, built above)
            return response.status, time.monotonic() - started

    try:
        wait_for(lambda: answers_health_check(port), timeout=60, what="gunicorn to serve")
        os.kill(own_redis.process.pid, signal.SIGSTOP)  # accepts connections (the kernel does), answers nothing
        try:
            answers = [submit(f"Dmitry Peskov said that talks about item {n} were possible.") for n in range(3)]
        finally:
            os.kill(own_redis.process.pid, signal.SIGCONT)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert [status for status, _ in answers] == [201, 201, 201]
    slowest = max(seconds for _, seconds in answers)
    # Each request waits out the 0.8 s publish timeout; the rest is the request itself on a busy CI machine. A
    # request held for the broker's socket timeout (5 s) or retried would be over.
    assert slowest < 3.0, f"a hung broker held a request for {slowest:.2f} s: {answers}"
    assert list(Article.objects.values_list("status", flat=True)) == ["queued"] * 3
    assert "Requeued 3 article(s)" in manage(env, "requeue_stale", "--older-than", "0").stdout
