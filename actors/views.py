from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from actors.selectors import actor_get_public, actor_list_public
from claims.charts import stance_charts
from claims.filters import Sort, StatementFilterForm, StatementFilters, page_number
from claims.selectors.analytics import stance_buckets, stance_shifts_for_actor, stance_shifts_recent
from claims.selectors.statements import statement_page
from claims.selectors.topics import topic_list_public
from kb.throttling import throttle

SHIFTS_ON_PAGE = 10
# Past this many shifts on one topic, marks would cover the chart; the list and the timeline still show them all.
SHIFT_MARKS_MAX = 24


# Browsing the list is free; a name search counts against the search rate.
@throttle("page_search", when=lambda request: bool(request.GET.get("q", "").strip()))
def actor_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(actor_list_public(q=q), 50).get_page(request.GET.get("page"))
    return render(request, "actors/actor_list.html", {"page": page, "q": q})


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries (constant, whatever the number of statements): 1 actor with aliases and count, 2 topics,
    # 3 count of the filtered statements, 4 the page of statements, 5 chart buckets, 6 the latest shifts per topic.
    actor = actor_get_public(slug=slug)
    if actor is None:
        raise Http404("No such actor")
    topics = topic_list_public()
    form = StatementFilterForm(request.GET or None, topics=topics)
    valid = not form.is_bound or form.is_valid()
    filters = form.to_filters(actors=[actor]) if valid else StatementFilters(actor_ids=(actor.pk,))
    # A filter that cannot be read lists nothing (its error shows beside it), never the unfiltered timeline.
    page = statement_page(filters=filters, page=page_number(request)) if valid else None
    buckets = stance_buckets(by="topic", actor_ids=[actor.pk])
    # One more than can be marked per topic: a topic that returns that many has too many shifts to mark.
    shifts = stance_shifts_recent(actor_id=actor.pk, per_topic=SHIFT_MARKS_MAX + 1)
    shift_days: dict[int, list[dt.date]] = defaultdict(list)
    for shift in shifts:
        shift_days[shift.topic_id].append(shift.said_on)
    topics_by_id = {topic.pk: topic for topic in topics}
    charts = stance_charts(
        buckets=buckets,
        titles={topic.pk: topic.name for topic in topics},
        id_prefix="chart-topic",
        shift_days={topic_id: days for topic_id, days in shift_days.items() if len(days) <= SHIFT_MARKS_MAX},
    )
    return render(
        request,
        "actors/actor_detail.html",
        {
            "actor": actor,
            "form": form,
            "filters": filters,
            "page": page,
            "grouped_by_day": filters.sort != Sort.RELEVANCE,
            "export_query": filters.querystring(actor=actor.slug),
            "charts": [(chart, topics_by_id.get(chart.group_id)) for chart in charts],
            "shifts": [(shift, topics_by_id.get(shift.topic_id)) for shift in shifts[:SHIFTS_ON_PAGE]],
            "more_shifts": len(shifts) > SHIFTS_ON_PAGE,
        },
        status=200 if valid else 400,
    )


def actor_shifts(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_get_public(slug=slug)
    if actor is None:
        raise Http404("No such actor")
    per_page = 50
    number = page_number(request)
    shifts, total = stance_shifts_for_actor(actor_id=actor.pk, limit=per_page, offset=(number - 1) * per_page)
    topics_by_id = {topic.pk: topic for topic in topic_list_public()}
    pages = Paginator(range(total), per_page).get_page(number)
    return render(
        request,
        "actors/actor_shifts.html",
        {
            "actor": actor,
            "shifts": [(shift, topics_by_id.get(shift.topic_id)) for shift in shifts],
            "total": total,
            "pages": pages,
        },
    )
