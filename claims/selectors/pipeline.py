"""Reads about the ingest and extraction pipeline: the operator's status and the articles page."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from claims.models import Article, Claim


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
