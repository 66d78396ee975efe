"""Reads of topics for the public pages."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from actors.models import Actor
from claims.models import Topic


def topic_list_public() -> list[Topic]:
    return list(Topic.objects.order_by("name").defer("description", "favor_phrases", "against_phrases"))


def topic_actor_list(*, topic: Topic) -> QuerySet[Actor]:
    """Actors who spoke on the topic, the most outspoken first, with how often (statement_count)."""
    return (
        Actor.objects.filter(statements__topic=topic)
        .annotate(statement_count=Count("statements"))
        .order_by("-statement_count", "name")
    )


def topic_list_by_slug() -> list[Topic]:
    """Every topic with all its fields, ordered by slug (what `dump_topics` writes)."""
    return list(Topic.objects.order_by("slug"))
