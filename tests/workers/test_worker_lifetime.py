"""A worker's life: many tasks, recycled children, one model load per child, no lost database connections."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from claims.models import Article
from tests.workers.conftest import assert_each_extracted_exactly_once, finished, manage, texts, wait_for, write_jsonl

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def worker_connections() -> int:
    """Client sessions on the test database other than this test's own (autovacuum's are not the workers')."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def test_200_tasks_at_concurrency_2_load_the_model_once_per_child_and_keep_their_connections(
    demo_data, start_worker, worker_env, tmp_path
):
    # Children are replaced every 60 tasks, so "once per child" covers recycled children too.
    worker = start_worker(concurrency=2, extra=["--max-tasks-per-child=60"])
    env = {**worker_env, "EXTRACTION_BATCH_SIZE": "1"}  # one task per article
    manage(env, "ingest", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", texts(200))), timeout=180)
    wait_for(finished, timeout=240, what="200 tasks", interval=1)
    wait_for(lambda: worker.log().count("TASK-DONE") >= 200, timeout=30, what="the last task reports")

    assert_each_extracted_exactly_once()
    assert Article.objects.filter(extraction_attempts=1).count() == 200
    log = worker.log()
    reports = re.findall(r"TASK-DONE pid=(\d+) model_loads=(\d+)", log)
    assert len(reports) == 200
    assert {loads for _, loads in reports} == {"1"}, "every task ran in a child that had loaded the model once"
    task_pids = {pid for pid, _ in reports}
    load_pids = re.findall(r"spaCy model \S+ (?:\(trained model: \S+\) )?loaded in pid (\d+)", log)
    assert len(load_pids) == len(set(load_pids)), "no child loaded the model twice"
    assert task_pids <= set(load_pids)
    assert len(task_pids) >= 4, "children were recycled"
    for error in ("OperationalError", "InterfaceError", "connection already closed", "Traceback"):
        assert error not in log
    # A recycled child's session ends on the server a moment after the child exits.
    wait_for(
        lambda: worker_connections() <= 2,
        timeout=10,
        what="one connection per live child at most: none leaked by recycled children",
    )
