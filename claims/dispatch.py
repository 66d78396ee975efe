"""Sending Celery tasks by name.

Services queue work through here instead of importing the task modules, which import the services: the dependency
runs one way only (tasks -> services -> dispatch). The task modules are registered by ClaimsConfig.ready(), in web
and worker processes alike; a name that is not registered raises KeyError, never a silent drop.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from kombu import Connection

ARTICLES_EXTRACT = "claims.tasks.articles_extract"
SOURCE_POLL = "claims.tasks.source_poll"
WEBHOOK_DELIVER = "claims.webhooks.webhook_deliver"


def task_send(name: str, *, args: list[Any], **options: Any) -> None:
    """Publish one task (or run it at once when tasks run in-process). Broker errors propagate to the caller.

    `options` are apply_async's: `retry`, `retry_policy`, `connection`...
    """
    current_app.tasks[name].apply_async(args=args, **options)


def broker_connection(**options: Any) -> Connection:
    """A connection of its own to publish on, with the given connect and transport options (timeouts)."""
    return current_app.connection_for_write(**options)
