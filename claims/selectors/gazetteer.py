"""The extractor's view of the database: actors with their names and roles, topics with their phrases."""

from __future__ import annotations

from django.db.models import Prefetch

from actors.models import Actor, Alias
from claims.models import Topic
from claims.nlp.types import ActorEntry, Gazetteer, TopicEntry


def gazetteer_build() -> Gazetteer:
    """Every actor and topic as plain data for `claims.nlp`, in three queries (actors, aliases, topics).

    An actor's role field ("Press Secretary of the President of Russia") counts as one of its roles.
    """
    actors = Actor.objects.order_by("slug").prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.order_by("name"))
    )
    actor_entries = tuple(
        ActorEntry(
            slug=actor.slug,
            name=actor.name,
            kind=actor.kind,
            aliases=tuple(alias.name for alias in actor.aliases.all() if not alias.is_role),
            roles=tuple(
                dict.fromkeys(
                    [alias.name for alias in actor.aliases.all() if alias.is_role]
                    + ([actor.role] if actor.role else [])
                )
            ),
            country=actor.country or "",
        )
        for actor in actors
    )
    topic_entries = tuple(
        TopicEntry(
            slug=topic.slug,
            name=topic.name,
            keywords=tuple(topic.keywords),
            favor_phrases=tuple(topic.favor_phrases),
            against_phrases=tuple(topic.against_phrases),
            description=topic.description,
        )
        for topic in Topic.objects.order_by("slug")
    )
    return Gazetteer(actors=actor_entries, topics=topic_entries)
