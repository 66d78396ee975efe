from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from actors.models import Actor
from claims.selectors.statements import statement_list_public


def actor_list(request: HttpRequest) -> HttpResponse:
    actors = Actor.objects.annotate(statement_count=Count("statements")).prefetch_related("aliases")
    return render(request, "actors/actor_list.html", {"actors": actors})


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.prefetch_related("aliases"), slug=slug)
    statements = statement_list_public().filter(actor=actor)[:200]
    return render(request, "actors/actor_detail.html", {"actor": actor, "statements": statements})
