"""Fixtures the review's transactional tests (threads, browser) share."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS

from claims.permissions import EDITORS_GROUP


@pytest.fixture
def editors_group(transactional_db) -> None:  # noqa: ARG001
    """The editors group, even after a serialized_rollback test: Django skips post_migrate on the flush that ends
    one, so the next transactional test would start without content types, permissions or the group."""
    if not Group.objects.filter(name=EDITORS_GROUP).exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
