"""Reads about the ingest and extraction pipeline: the operator's status and the articles page."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from actors.models import Actor
from claims.models import Article, Claim, Topic
from claims.nlp.types import ActorEntry, Gazetteer, TopicEntry


@dataclass(frozen=True, slots=True)
class PipelineStatus:
    articles: dict[str, int]  # by extraction status, every status present
    claims: dict[str, int]  # by review status, every status present
    oldest_queued_at: dt.datetime | None
    oldest_queued_age_seconds: float | None
    last_finished_at: dt.datetime | None  # the last time a worker finished (done or failed) an article

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("oldest_queued_at", "last_finished_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def pipeline_status_get(*, now: dt.datetime | None = None) -> PipelineStatus:
    now = now or timezone.now()
    articles = {status: 0 for status in Article.Status.values}
    articles.update(dict(Article.objects.order_by().values_list("status").annotate(n=Count("pk"))))
    claims = {status: 0 for status in Claim.Status.values}
    claims.update(dict(Claim.objects.order_by().values_list("status").annotate(n=Count("pk"))))
    times = Article.objects.aggregate(
        oldest_queued=Min("status_changed_at", filter=Q(status=Article.Status.QUEUED)),
        last_finished=Max("status_changed_at", filter=Q(status__in=[Article.Status.DONE, Article.Status.FAILED])),
    )
    oldest = times["oldest_queued"]
    return PipelineStatus(
        articles=articles,
        claims=claims,
        oldest_queued_at=oldest,
        oldest_queued_age_seconds=round((now - oldest).total_seconds(), 1) if oldest else None,
        last_finished_at=times["last_finished"],
    )


def article_list_for_editors(*, status: str | None = None) -> QuerySet[Article]:
    """Newest first, with claim counts; without the text, which the list never shows."""
    articles = (
        Article.objects.defer("text")
        .select_related("source")
        .annotate(
            claim_count=Count("claims"),
            pending_count=Count("claims", filter=Q(claims__status=Claim.Status.PENDING)),
        )
        .order_by("-created_at", "-pk")
    )
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    return articles


def gazetteer_build() -> Gazetteer:
    """Actors with their names and roles, and topics with their phrases, as the extractor takes them."""
    actors = tuple(
        ActorEntry(
            slug=actor.slug,
            name=actor.name,
            kind=actor.kind,
            aliases=tuple(a.name for a in actor.aliases.all() if not a.is_role),
            roles=tuple([*(a.name for a in actor.aliases.all() if a.is_role), *([actor.role] if actor.role else [])]),
        )
        for actor in Actor.objects.prefetch_related("aliases").order_by("slug")
    )
    topics = tuple(
        TopicEntry(
            slug=topic.slug,
            name=topic.name,
            keywords=tuple(topic.keywords),
            favor_phrases=tuple(topic.favor_phrases),
            against_phrases=tuple(topic.against_phrases),
        )
        for topic in Topic.objects.order_by("slug")
    )
    return Gazetteer(actors=actors, topics=topics)
