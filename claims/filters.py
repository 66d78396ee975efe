"""The analyst's filters: one form for the actor page, search, export and feeds, turned into plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest

from actors.models import Actor
from claims.models import ClaimAct, ClaimKind, Stance, Topic

# Far past any listing's last page, and small enough that page times page size stays a bigint in SQL.
MAX_PAGE = 1_000_000


def page_number(request: HttpRequest) -> int:
    """The ?page= of a listing; anything but a positive number is the first page."""
    try:
        return min(MAX_PAGE, max(1, int(request.GET.get("page", "1"))))
    except ValueError:
        return 1


def form_errors_text(*forms_: forms.Form) -> str:
    """The errors of filter forms as plain text, one line per field, for answers that are not a page (exports)."""
    lines = []
    for form in forms_:
        for name, errors in form.errors.items():
            label = "filters" if name == forms.forms.NON_FIELD_ERRORS else name
            lines.append(f"{label}: {' '.join(errors)}")
    return "\n".join(lines) + "\n"


class Sort(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    RELEVANCE = "relevance"


@dataclass(frozen=True)
class StatementFilters:
    """What a listing of statements is narrowed to. Empty values mean "any"."""

    actor_ids: tuple[int, ...] = ()
    topic_id: int | None = None
    stance: str = ""
    kind: str = ""
    act: str = ""  # speech, belief, …: "what X believes" apart from "what X said"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    sort: Sort = Sort.NEWEST
    # The query string that reproduces these filters (no page), for export links and pagination.
    query: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_ranked(self) -> bool:
        return bool(self.q) and self.sort == Sort.RELEVANCE

    @property
    def is_filtered(self) -> bool:
        return any(
            [self.actor_ids, self.topic_id, self.stance, self.kind, self.act, self.date_from, self.date_to, self.q]
        )

    def querystring(self, **extra: str) -> str:
        return urlencode({**self.query, **extra})


class StatementFilterForm(forms.Form):
    """GET filters. Topics come in as a list fetched once by the view, so rendering the form costs no query."""

    q = forms.CharField(label="Search", required=False, max_length=200, strip=True)
    topic = forms.ChoiceField(label="Topic", required=False)
    stance = forms.ChoiceField(label="Stance", required=False, choices=[("", "Any stance"), *Stance.choices])
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *ClaimKind.choices])
    act = forms.ChoiceField(label="Act", required=False, choices=[("", "Any act"), *ClaimAct.choices])
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[(Sort.NEWEST, "Newest first"), (Sort.OLDEST, "Oldest first"), (Sort.RELEVANCE, "Best match")],
    )

    def __init__(self, data: object, *, topics: list[Topic], **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self.topics_by_slug = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", "All topics"), *((t.slug, t.name) for t in topics)]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": 'Words or "a phrase"'})

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned

    def to_filters(self, *, actors: list[Actor] | None = None) -> StatementFilters:
        """The filters of a valid (or unbound) form. Views check is_valid() first: an invalid form is a 400 with its
        errors shown, never a listing with the unreadable filters dropped."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        topic = self.topics_by_slug.get(data.get("topic") or "")
        q = data.get("q") or ""
        sort = Sort(data.get("sort") or (Sort.RELEVANCE if q else Sort.NEWEST))
        if sort == Sort.RELEVANCE and not q:
            sort = Sort.NEWEST
        query = {
            name: str(value)
            for name, value in {
                "q": q,
                "topic": topic.slug if topic else "",
                "stance": data.get("stance") or "",
                "kind": data.get("kind") or "",
                "act": data.get("act") or "",
                "date_from": data.get("date_from") or "",
                "date_to": data.get("date_to") or "",
                "sort": sort.value if sort != (Sort.RELEVANCE if q else Sort.NEWEST) else "",
            }.items()
            if value
        }
        return StatementFilters(
            actor_ids=tuple(actor.pk for actor in actors or []),
            topic_id=topic.pk if topic else None,
            stance=data.get("stance") or "",
            kind=data.get("kind") or "",
            act=data.get("act") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=q,
            sort=sort,
            query=query,
        )
