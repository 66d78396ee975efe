"""Issue 14's polish: what a first day of real use notices on every page and in every command."""

import logging

import pytest

from kb.celery import app


def test_commands_that_queue_tasks_print_no_broker_hostname_warning(caplog):
    # load_demo printed "No hostname was supplied. Reverting to default 'localhost'" (kombu, on the in-process broker).
    if not app.conf.task_always_eager:
        pytest.skip("a real broker is configured")
    with caplog.at_level(logging.WARNING, logger="kombu"):
        app.connection_for_write().info()
    assert "No hostname was supplied" not in caplog.text
