from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from actors.models import Actor
from claims.models import Topic
from claims.selectors.statements import statement_list_public


def home(request: HttpRequest) -> HttpResponse:
    actors = Actor.objects.annotate(statement_count=Count("statements")).order_by("-statement_count", "name")[:20]
    return render(
        request,
        "claims/home.html",
        {
            "recent_statements": statement_list_public()[:20],
            "actors": actors,
            "topics": Topic.objects.annotate(statement_count=Count("statements")),
        },
    )


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    statements = statement_list_public().filter(topic=topic)[:200]
    return render(request, "claims/topic_detail.html", {"topic": topic, "statements": statements})


def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(statement_list_public(), pk=pk)
    return render(request, "claims/statement_detail.html", {"statement": statement})
