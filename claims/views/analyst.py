"""The analyst's pages: home, search, topic, compare, permalink and export. All read-only, open to everyone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import groupby

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from actors.models import Actor
from actors.selectors import actor_choices, actor_list_by_slugs
from claims.charts import chart_range, stance_charts
from claims.exports import EXPORT_FORMATS, export_response
from claims.filters import StatementFilterForm, StatementFilters, form_errors_text, page_number
from claims.models import Topic
from claims.selectors.analytics import record_summary, stance_buckets, statement_date_range
from claims.selectors.statements import (
    statement_get_public,
    statement_list_by_date,
    statement_page,
)
from claims.selectors.topics import topic_actor_list, topic_list_public
from kb.throttling import throttle

COMPARE_MIN, COMPARE_MAX = 2, 4
COMPARE_ROWS = 120  # statements per screen of the comparison; it pages by date


def home(request: HttpRequest) -> HttpResponse:
    summary = record_summary()
    return render(
        request,
        "claims/home.html",
        {
            "recent_statements": statement_list_by_date(filters=StatementFilters(), before=None, limit=8),
            "summary": summary,
        },
    )


class SearchActorForm(forms.Form):
    actor = forms.ChoiceField(label="Actor", required=False)

    def __init__(self, data: object, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self.fields["actor"].choices = [("", "Any actor"), *actor_choices()]


def _filters_from(
    request: HttpRequest, topics: list[Topic]
) -> tuple[StatementFilterForm, SearchActorForm, StatementFilters | None]:
    """The search filters, plus an optional actor; None when any of them cannot be read (a bogus stance, a bad date,
    an unknown actor or topic). The form then shows why, and nothing is listed, rather than a wider result."""
    form = StatementFilterForm(request.GET or None, topics=topics)
    actor_form = SearchActorForm(request.GET or None)
    if form.is_bound and not all([form.is_valid(), actor_form.is_valid()]):
        return form, actor_form, None
    slug = actor_form.cleaned_data["actor"] if actor_form.is_bound else ""
    actors = actor_list_by_slugs(slugs=[slug]) if slug else []
    filters = form.to_filters(actors=actors)
    if actors:
        filters = replace(filters, query={**filters.query, "actor": actors[0].slug})
    return form, actor_form, filters


# The empty search form costs nothing; a search counts.
@throttle("page_search", when=lambda request: bool(request.GET))
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over every statement, with the actor page's filters."""
    form, actor_form, filters = _filters_from(request, topic_list_public())
    page = statement_page(filters=filters, page=page_number(request)) if filters and filters.is_filtered else None
    return render(
        request,
        "claims/search.html",
        {"form": form, "actor_form": actor_form, "filters": filters, "page": page},
        status=400 if filters is None else 200,
    )


@throttle("page_export")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current filtered view (search, or an actor's timeline with actor=slug), every row, streamed."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("Unknown export format")
    form, actor_form, filters = _filters_from(request, topic_list_public())
    if filters is None:
        return HttpResponseBadRequest(form_errors_text(form, actor_form), content_type="text/plain; charset=utf-8")
    return export_response(request=request, filters=filters, fmt=fmt)


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Every actor's stance on the topic over time, on one time scale, the most outspoken first."""
    topic = get_object_or_404(Topic, slug=slug)
    actors = Paginator(topic_actor_list(topic=topic), 12).get_page(request.GET.get("page"))
    actor_ids = [actor.pk for actor in actors]
    buckets = stance_buckets(by="actor", actor_ids=actor_ids, topic_id=topic.pk) if actor_ids else []
    # The scale spans the whole topic, so the charts line up from one page of actors to the next.
    span = chart_range(statement_date_range(topic_id=topic.pk))
    charts = stance_charts(
        buckets=buckets,
        titles={actor.pk: actor.name for actor in actors},
        id_prefix="chart-actor",
        compact=True,
        span=span,
    )
    actors_by_id = {actor.pk: actor for actor in actors}
    recent = statement_page(filters=StatementFilters(topic_id=topic.pk), page=1, per_page=10)
    return render(
        request,
        "claims/topic_detail.html",
        {
            "topic": topic,
            "actors": actors,
            "charts": [(chart, actors_by_id[chart.group_id]) for chart in charts],
            "recent": recent,
        },
    )


class CompareForm(forms.Form):
    topic = forms.ChoiceField(label="Topic")
    actor = forms.MultipleChoiceField(label="Actors")
    before = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: object, *, topics: list[Topic], actors: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["topic"].choices = [(t.slug, t.name) for t in topics]
        self.fields["actor"].choices = actors

    def clean_actor(self) -> list[str]:
        slugs = list(dict.fromkeys(s for s in self.cleaned_data["actor"] if s))
        if not COMPARE_MIN <= len(slugs) <= COMPARE_MAX:
            raise forms.ValidationError(f"Pick {COMPARE_MIN} to {COMPARE_MAX} different actors.")
        return slugs


def compare(request: HttpRequest) -> HttpResponse:
    """Two to four actors on one topic, in parallel columns by date, newest first."""
    topics = topic_list_public()
    choices = actor_choices()
    data = request.GET.copy()
    if "actor" in data:
        data.setlist("actor", [slug for slug in data.getlist("actor") if slug])
    # Arriving from an actor or topic page with half a choice prefills the form without complaining about the rest.
    complete = "topic" in request.GET and "actor" in request.GET
    form = CompareForm(data if complete else None, topics=topics, actors=choices)
    context: dict[str, object] = {"form": form, "topics": topics, "actor_choices": choices, "slots": range(4)}
    selected = request.GET.getlist("actor")
    context["selected"] = [selected[i] if i < len(selected) else "" for i in range(COMPARE_MAX)]
    if form.is_bound and form.is_valid():
        topic = next(t for t in topics if t.slug == form.cleaned_data["topic"])
        actors = actor_list_by_slugs(slugs=form.cleaned_data["actor"])
        context.update(_comparison(topic=topic, actors=actors, before=form.cleaned_data["before"]))
    return render(request, "claims/compare.html", context)


def _comparison(*, topic: Topic, actors: list[Actor], before: dt.date | None) -> dict[str, object]:
    filters = StatementFilters(actor_ids=tuple(a.pk for a in actors), topic_id=topic.pk)
    statements = statement_list_by_date(filters=filters, before=before, limit=COMPARE_ROWS + 1)
    more = len(statements) > COMPARE_ROWS
    days = [(day, list(rows)) for day, rows in groupby(statements[:COMPARE_ROWS], key=lambda s: s.said_on)]
    if more and len(days) > 1:
        days = days[:-1]  # the last day may be cut short; the next screen starts with it
    rows = [
        (day, [(actor, [s for s in day_statements if s.actor_id == actor.pk]) for actor in actors])
        for day, day_statements in days
    ]
    buckets = stance_buckets(by="actor", actor_ids=[a.pk for a in actors], topic_id=topic.pk)
    charts = {
        chart.group_id: chart
        for chart in stance_charts(
            buckets=buckets, titles={a.pk: a.name for a in actors}, id_prefix="chart-compare", compact=True
        )
    }
    return {
        "topic": topic,
        "actors": actors,
        "columns": [(actor, charts.get(actor.pk)) for actor in actors],
        "rows": rows,
        "next_before": days[-1][0] if more and days else None,
        "filters": filters,
    }


def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = statement_get_public(pk=pk)
    if statement is None:
        raise Http404("No such statement")
    return render(request, "claims/statement_detail.html", {"statement": statement})
