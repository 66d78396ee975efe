"""Sending Celery tasks by name.

Services queue work through here instead of importing the task modules, which import the services: the dependency
runs one way only (tasks -> services -> dispatch). The task modules are registered by ClaimsConfig.ready(), in web
and worker processes alike; a name that is not registered raises KeyError, never a silent drop.
"""

from __future__ import annotations

from typing import Any

from celery import current_app

ARTICLES_EXTRACT = "claims.tasks.articles_extract"
SOURCE_POLL = "claims.tasks.source_poll"
WEBHOOK_DELIVER = "claims.webhooks.webhook_deliver"


def task_send(name: str, *, args: list[Any], retry_policy: dict[str, Any] | None = None) -> None:
    """Publish one task (or run it at once when tasks run in-process). Broker errors propagate to the caller."""
    task = current_app.tasks[name]
    if retry_policy is None:
        task.apply_async(args=args)
    else:
        task.apply_async(args=args, retry=True, retry_policy=retry_policy)
