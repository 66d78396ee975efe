"""Allow-listed filters for the API's lists. Values of the wrong shape answer 400; unknown parameters are ignored.

Slugs and Wikidata ids are resolved to ids by one small query first, for all such filters together, so that the page
query compares `actor_id` with a literal: PostgreSQL then walks the (actor, said_on, id) index in page order and,
knowing from its statistics how busy that actor is, picks that index over the topic's. A join on the slug would sort
every matching row, and a subquery hides the id from the planner's statistics (measured: a deep page took 5 ms on a
bitmap plan instead of 1 ms).

The statement filters validate and document their parameters like any filter set, but hand a StatementCriteria to the
statement selectors instead of filtering a queryset: the statement list is the API's hot path, and its page query is
written in SQL (claims.selectors.api.statement_keyset_slice).
"""

from __future__ import annotations

import copy
import re
from typing import Any, ClassVar

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models import Model as DjangoModel
from django_filters.utils import translate_validation
from drf_spectacular.drainage import set_override
from rest_framework.request import Request

from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.models import Claim, ClaimAct, ClaimKind, Stance, Statement, Topic
from claims.selectors.api import StatementCriteria

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
    """Repeatable parameter (?actor=a&actor=b) matched against `lookup_model.key_field`, related via `field_name`.

    The keys are turned into ids by ApiFilterSet, in one query for all such filters of a request.
    """

    field_class = _ListField

    def __init__(self, *, lookup_model: type[DjangoModel], key_field: str, pattern: str, **kwargs: Any) -> None:
        self.lookup_model = lookup_model
        self.key_field = key_field
        super().__init__(pattern=pattern, distinct=False, **kwargs)
        set_override(self, "field", {"type": "string", "pattern": f"^{pattern}$"})

    def filter(self, qs: QuerySet[Any], value: list[str]) -> QuerySet[Any]:
        if not value:
            return qs
        ids = self.parent.resolved_ids[self]
        if not ids:
            return qs.none()  # nobody by that name: no page query at all
        if len(ids) == 1:
            return qs.filter(**{f"{self.field_name}_id": ids[0]})
        return qs.filter(**{f"{self.field_name}_id__in": ids})


def _ids_for_keys(lookups: list[tuple[type[DjangoModel], str, list[str]]]) -> list[list[int]]:
    """For each (model, key field, keys): the ids of the rows whose key is one of the keys. One round trip for all.

    Plain SQL on purpose: this runs on every filtered page, and building the equivalent ORM queries cost several
    times the database's own work; one round trip instead of one per filter matters when the server is busy.
    """
    quote = connection.ops.quote_name
    selects, params = [], []
    for position, (model, key_field, keys) in enumerate(lookups):
        table, column = quote(model._meta.db_table), quote(model._meta.get_field(key_field).column)
        selects.append(f"SELECT {position}, id FROM {table} WHERE {column} = ANY(%s)")  # noqa: S608 (model names)
        params.append(keys)
    ids: list[list[int]] = [[] for _ in lookups]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for position, pk in cursor.fetchall():
            ids[position].append(pk)
    return ids


class ApiFilterSet(django_filters.FilterSet):
    """Base of the API's filter sets: the form class is built once per filter set class, not once per request,
    and the keys of all KeyListFilters are resolved in one query before filtering."""

    _form_classes: ClassVar[dict[type, type[forms.Form]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # django-filter deep-copies every declared filter for each request, which was a sixth of a statement page's
        # CPU. A filter's per-request state is only the attributes set on it below (and in super().__init__), so a
        # shallow copy of each keeps requests apart just as well.
        base_filters = self.base_filters
        self.base_filters = {}  # an instance attribute: super() copies nothing
        super().__init__(*args, **kwargs)
        del self.base_filters
        self.filters = {name: copy.copy(filter_) for name, filter_ in base_filters.items()}
        model = self.queryset.model
        for filter_ in self.filters.values():
            filter_.model = model
            filter_.parent = self

    def get_form_class(self) -> type[forms.Form]:
        # The form depends only on the declared filters, fixed per class; rebuilding it for every request (as
        # django-filter does) was a fifth of a statement page's CPU. Forms copy their fields per instance anyway.
        form_class = ApiFilterSet._form_classes.get(type(self))
        if form_class is None:
            form_class = ApiFilterSet._form_classes[type(self)] = super().get_form_class()
        return form_class

    def is_valid(self) -> bool:
        # A form sends an empty value for "any"; to the API an empty choice, date or id is a mistake (the schema's
        # enum, format or pattern does not hold it), not a silently wider result.
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.CharFilter):
                continue  # an empty search is a search for anything
            given = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            if "" in given:
                if name not in self.form.errors:
                    self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        return valid

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        given = [
            (self.filters[name], value)
            for name, value in self.form.cleaned_data.items()
            if isinstance(self.filters[name], KeyListFilter) and value
        ]
        resolved = _ids_for_keys([(f.lookup_model, f.key_field, value) for f, value in given]) if given else []
        self.resolved_ids = {f: ids for (f, _), ids in zip(given, resolved, strict=True)}
        return super().filter_queryset(queryset)


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number that fits a bigint (larger ones would be a database error, not a 400)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=BIGINT_MAX, **kwargs)
        set_override(self, "field", {"type": "integer", "minimum": 1, "maximum": BIGINT_MAX})


def _search_statements(queryset: QuerySet[Statement], name: str, value: str) -> QuerySet[Statement]:
    # websearch syntax: "quoted phrases", or, -negation; a query of only stop words matches nothing.
    return queryset.filter(search_vector=SearchQuery(value, search_type="websearch", config="english"))


class StatementFilter(ApiFilterSet):
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
    act = django_filters.ChoiceFilter(
        choices=ClaimAct.choices, help_text="speech (said), belief, intention, perception or document."
    )
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

    def criteria(self, **fixed: Any) -> StatementCriteria:
        """The validated parameters as StatementCriteria (a 400 when they are not valid); `fixed` adds conditions
        that come from elsewhere, such as the actor of /api/actors/{slug}/statements/."""
        if not self.is_valid():
            raise translate_validation(self.errors)
        data = self.form.cleaned_data
        keyed = [(name, data[name]) for name in ("actor", "actor_wikidata", "topic") if data.get(name)]
        lookups = [(self.filters[name].lookup_model, self.filters[name].key_field, keys) for name, keys in keyed]
        resolved = dict(zip((name for name, _ in keyed), _ids_for_keys(lookups) if keyed else [], strict=True))
        actor_ids = None
        for name in ("actor", "actor_wikidata"):  # both given: statements of an actor named by both
            if name in resolved:
                ids = set(resolved[name])
                actor_ids = ids if actor_ids is None else actor_ids & ids
        conditions = dict(
            actor_ids=tuple(sorted(actor_ids)) if actor_ids is not None else None,
            topic_ids=tuple(resolved["topic"]) if "topic" in resolved else None,
            stance=data.get("stance") or None,
            kind=data.get("kind") or None,
            act=data.get("act") or None,
            article_id=data.get("article"),
            said_on_after=data.get("said_on_after"),
            said_on_before=data.get("said_on_before"),
            text_query=data.get("q") or None,
        )
        return StatementCriteria(**{**conditions, **fixed})


class ActorStatementFilter(StatementFilter):
    """The statements of one actor: the actor comes from the URL."""

    actor = None
    actor_wikidata = None


def statement_criteria(filterset_class: type[StatementFilter], request: Request, **fixed: Any) -> StatementCriteria:
    """The statement filters of `request` (its query parameters) as StatementCriteria; a 400 when they are invalid."""
    return filterset_class(request.query_params, queryset=Statement.objects.none(), request=request).criteria(**fixed)


def _search_actors(queryset: QuerySet[Actor], name: str, value: str) -> QuerySet[Actor]:
    normalised = name_normalise(value)
    if not normalised:  # punctuation only: no alias can be meant
        return queryset.filter(name__icontains=value)
    aliases = Alias.objects.filter(actor=OuterRef("pk"), normalized__contains=normalised)
    return queryset.filter(Q(name__icontains=value) | Q(Exists(aliases)))


class ActorFilter(ApiFilterSet):
    q = django_filters.CharFilter(method=_search_actors, help_text="Part of the actor's name or of an alias.")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)

    class Meta:
        model = Actor
        fields: list[str] = []


class ClaimFilter(ApiFilterSet):
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
