"""Allow-listed filters for the API's lists. Values of the wrong shape answer 400; unknown parameters are ignored.

Slugs are resolved inside the statement query as scalar subqueries, so PostgreSQL sees `actor_id = $1` and can walk the
(actor, said_on, id) index in page order; a plain join on the slug would make it sort every matching row instead.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models import Model as DjangoModel
from drf_spectacular.drainage import set_override

from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.models import Claim, ClaimKind, Stance, Statement, Topic

# Whole-value patterns, shared by validation (re.fullmatch) and the OpenAPI schema (anchored).
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
BIGINT_MAX = 2**63 - 1
WIKIDATA_PATTERN = r"Q[1-9][0-9]*"


class _ListField(forms.MultipleChoiceField):
    """Any number of values, each of which must match `pattern`; which ones exist is the query's business."""

    def __init__(self, *, pattern: str, **kwargs: Any) -> None:
        self.pattern = re.compile(pattern)
        super().__init__(**kwargs)

    def valid_value(self, value: str) -> bool:
        return self.pattern.fullmatch(value) is not None


class KeyListFilter(django_filters.MultipleChoiceFilter):
    """Repeatable parameter (?actor=a&actor=b) matched against `lookup_model.key_field`, related via `field_name`."""

    field_class = _ListField

    def __init__(self, *, lookup_model: type[DjangoModel], key_field: str, pattern: str, **kwargs: Any) -> None:
        self.lookup_model = lookup_model
        self.key_field = key_field
        super().__init__(pattern=pattern, distinct=False, **kwargs)
        set_override(self, "field", {"type": "string", "pattern": f"^{pattern}$"})

    def filter(self, qs: QuerySet[Any], value: list[str]) -> QuerySet[Any]:
        if not value:
            return qs
        if len(value) == 1:
            ids = self.lookup_model._default_manager.filter(**{self.key_field: value[0]}).values("pk")
            return qs.filter(**{f"{self.field_name}_id": Subquery(ids)})
        ids = self.lookup_model._default_manager.filter(**{f"{self.key_field}__in": value}).values("pk")
        return qs.filter(**{f"{self.field_name}_id__in": Subquery(ids)})


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number that fits a bigint (larger ones would be a database error, not a 400)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=BIGINT_MAX, **kwargs)
        set_override(self, "field", {"type": "integer", "minimum": 1, "maximum": BIGINT_MAX})


def _search_statements(queryset: QuerySet[Statement], name: str, value: str) -> QuerySet[Statement]:
    # websearch syntax: "quoted phrases", or, -negation; a query of only stop words matches nothing.
    return queryset.filter(search_vector=SearchQuery(value, search_type="websearch", config="english"))


class StatementFilter(django_filters.FilterSet):
    actor = KeyListFilter(
        field_name="actor",
        lookup_model=Actor,
        key_field="slug",
        pattern=SLUG_PATTERN,
        help_text="Actor slug; repeatable.",
    )
    actor_wikidata = KeyListFilter(
        field_name="actor",
        lookup_model=Actor,
        key_field="wikidata_id",
        pattern=WIKIDATA_PATTERN,
        help_text="Actor Wikidata id (Q…); repeatable.",
    )
    topic = KeyListFilter(
        field_name="topic",
        lookup_model=Topic,
        key_field="slug",
        pattern=SLUG_PATTERN,
        help_text="Topic slug; repeatable.",
    )
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    kind = django_filters.ChoiceFilter(choices=ClaimKind.choices)
    article = IdFilter(field_name="article_id", help_text="Article id.")
    said_on_after = django_filters.DateFilter(
        field_name="said_on", lookup_expr="gte", help_text="Said on or after this day (YYYY-MM-DD); excludes undated."
    )
    said_on_before = django_filters.DateFilter(
        field_name="said_on", lookup_expr="lte", help_text="Said on or before this day (YYYY-MM-DD); excludes undated."
    )
    q = django_filters.CharFilter(method=_search_statements, help_text="Full-text search in the statement text.")

    class Meta:
        model = Statement
        fields: list[str] = []


class ActorStatementFilter(StatementFilter):
    """The statements of one actor: the actor comes from the URL."""

    actor = None
    actor_wikidata = None


def _search_actors(queryset: QuerySet[Actor], name: str, value: str) -> QuerySet[Actor]:
    normalised = name_normalise(value)
    if not normalised:  # punctuation only: no alias can be meant
        return queryset.filter(name__icontains=value)
    aliases = Alias.objects.filter(actor=OuterRef("pk"), normalized__contains=normalised)
    return queryset.filter(Q(name__icontains=value) | Q(Exists(aliases)))


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_search_actors, help_text="Part of the actor's name or of an alias.")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)

    class Meta:
        model = Actor
        fields: list[str] = []


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices)
    article = IdFilter(field_name="article_id", help_text="Article id.")
    actor = KeyListFilter(
        field_name="actor",
        lookup_model=Actor,
        key_field="slug",
        pattern=SLUG_PATTERN,
        help_text="Actor slug; repeatable.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []
