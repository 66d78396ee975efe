"""The project's Celery app with test hooks, for worker processes started by the worker tests.

`celery -A tests.workers.celery_app worker` runs the real tasks. Environment switches make failures reproducible:
- ONRECORD_TEST_SLOW_SECONDS: sleep this long after extracting each article, so a batch can be killed midway;
- ONRECORD_TEST_POISON: an article whose text holds this marker kills its worker process (SIGKILL);
- ONRECORD_TEST_IGNORE_SOFT_LIMIT: the slow sleep swallows the soft time limit, as code stuck in a C call or a
  careless `except Exception` would, so only the hard time limit can stop it.
After every task the child logs its pid and how many times it loaded the spaCy model.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_postrun, worker_init

from kb.celery import app

__all__ = ["app"]

logger = logging.getLogger("tests.workers")


@worker_init.connect
def _instrument(**kwargs: Any) -> None:
    from claims.services import extraction

    slow = float(os.environ.get("ONRECORD_TEST_SLOW_SECONDS") or 0)
    poison = os.environ.get("ONRECORD_TEST_POISON") or ""
    ignore_soft_limit = bool(os.environ.get("ONRECORD_TEST_IGNORE_SOFT_LIMIT"))
    real = extraction._pipeline_extract_many

    def extract_many(items: list, gazetteer: Any) -> Any:
        items = list(items)
        for (text, _published), result in zip(items, real(items, gazetteer), strict=True):
            if poison and poison in text:
                os.kill(os.getpid(), signal.SIGKILL)
            if slow:
                _sleep(slow, ignore_soft_limit=ignore_soft_limit)
            yield result

    extraction._pipeline_extract_many = extract_many


def _sleep(seconds: float, *, ignore_soft_limit: bool) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            time.sleep(left)
        except SoftTimeLimitExceeded:
            if not ignore_soft_limit:
                raise


@task_postrun.connect
def _report(**kwargs: Any) -> None:
    from claims.nlp import pipeline

    logger.warning("TASK-DONE pid=%d model_loads=%d", os.getpid(), pipeline.model_loads)
