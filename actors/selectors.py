"""Reads of actors for the public pages."""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.models import Statement


def _statement_count() -> Coalesce:
    # A correlated count per actor: index-only on statement_actor_date, and only for the actors on the page.
    counts = Statement.objects.filter(actor=OuterRef("pk")).order_by().values("actor").annotate(n=Count("*"))
    return Coalesce(Subquery(counts.values("n"), output_field=IntegerField()), 0)


def actor_list_public(*, q: str = "") -> QuerySet[Actor]:
    """Actors by name, matched on name, alias or role when q is given, each with its statement count."""
    actors = Actor.objects.all()
    if q:
        normalised = name_normalise(q)
        matching_aliases = Alias.objects.filter(normalized__contains=normalised)
        actors = actors.filter(
            Q(name__icontains=q) | Q(role__icontains=q) | Q(pk__in=matching_aliases.values("actor_id"))
        )
    return actors.annotate(statement_count=_statement_count()).order_by("name", "pk")


def actor_get_public(*, slug: str) -> Actor | None:
    """The actor with its alias names (as alias_names) and statement count, in one query."""
    return (
        Actor.objects.filter(slug=slug)
        .annotate(
            alias_names=ArrayAgg("aliases__name", filter=Q(aliases__is_role=False), distinct=True, default=[]),
            role_names=ArrayAgg("aliases__name", filter=Q(aliases__is_role=True), distinct=True, default=[]),
            statement_count=_statement_count(),
        )
        .first()
    )


def actor_list_by_slugs(*, slugs: list[str]) -> list[Actor]:
    """The actors named, in the order named, skipping unknown slugs and repeats."""
    found = {actor.slug: actor for actor in Actor.objects.filter(slug__in=slugs)}
    ordered: list[Actor] = []
    for slug in slugs:
        if slug in found and found[slug] not in ordered:
            ordered.append(found[slug])
    return ordered


def actor_choices() -> list[tuple[str, str]]:
    return list(Actor.objects.order_by("name").values_list("slug", "name"))
