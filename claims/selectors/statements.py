"""Reads of approved statements: the only statements anonymous users and analysts ever see."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Statement


def statement_list_public() -> QuerySet[Statement]:
    """Every published statement with what a listing shows, in one query."""
    return Statement.objects.select_related("actor", "topic", "article").order_by("-said_on", "-id")
