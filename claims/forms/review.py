"""Forms of the review pages. They check shapes (numbers, choices, dates); the services check meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from actors.models import Actor
from claims.models import ClaimAct, ClaimKind, DatePrecision, Stance, Topic
from claims.selectors.review import QUEUE_ORDERS
from claims.services.review import ClaimChanges, StatementChanges

KEEP, NEW = "keep", "new"


class IdListField(forms.Field):
    """Every value of a repeated field (checkboxes named `claim`) as a sorted list of distinct ids."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError):
            raise ValidationError("Claim ids must be whole numbers.") from None

    def validate(self, value: list[int]) -> None:
        super().validate(value)
        if any(v <= 0 for v in value):
            raise ValidationError("Claim ids must be positive.")


def _offset(label: str, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=0)


class QueueFilterForm(forms.Form):
    article = forms.IntegerField(required=False, min_value=1)
    actor = forms.IntegerField(required=False, min_value=1)
    topic = forms.IntegerField(required=False, min_value=1)
    outlet = forms.CharField(required=False, max_length=200)
    act = forms.ChoiceField(required=False, choices=[("", "All"), *ClaimAct.choices])
    order = forms.ChoiceField(required=False, choices=QUEUE_ORDERS)


class ClaimActionForm(forms.Form):
    """Every claim form says which article it was made from, so a claim id swapped in from elsewhere is refused."""

    article = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class RejectForm(ClaimActionForm):
    reason = forms.CharField(required=False, max_length=2000)


class _SpanFieldsMixin:
    """Date, topic, stance, kind and act: what claims and statements share."""

    def _common_changes(self) -> dict[str, Any]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        changes: dict[str, Any] = {}
        for name in ("said_on", "date_precision", "topic", "stance", "kind", "act"):
            if name in self.data:  # type: ignore[attr-defined]
                changes[name] = data[name]
        return changes


def _common_fields() -> dict[str, forms.Field]:
    return {
        "said_on": forms.DateField(required=False, label="Said on", widget=forms.DateInput(attrs={"type": "date"})),
        "date_precision": forms.ChoiceField(
            required=False, label="Date precision", choices=[("", "—"), *DatePrecision.choices]
        ),
        "topic": forms.ModelChoiceField(queryset=Topic.objects.all(), required=False, empty_label="No topic"),
        "stance": forms.ChoiceField(required=False, choices=[("", "—"), *Stance.choices]),
        "kind": forms.ChoiceField(required=False, choices=ClaimKind.choices),
        "act": forms.ChoiceField(required=False, choices=ClaimAct.choices),
    }


class ClaimEditForm(_SpanFieldsMixin, ClaimActionForm):
    """Edit-then-approve. Only fields the request carries become changes; unchanged values make no history."""

    actor_choice = forms.CharField(required=False, max_length=20)
    new_actor_name = forms.CharField(required=False, max_length=200, label="New actor's name")
    new_actor_kind = forms.ChoiceField(required=False, choices=[("", "—"), *Actor.Kind.choices], label="Kind")
    new_actor_role = forms.CharField(required=False, max_length=300, label="Role")
    content_start = _offset("Content starts at")
    content_end = _offset("Content ends at")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_common_fields())

    def clean_actor_choice(self) -> str:
        choice = self.cleaned_data["actor_choice"] or KEEP
        if choice not in (KEEP, NEW) and not choice.isdigit():
            raise ValidationError("Pick one of the actors offered.")
        return choice

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("actor_choice") == NEW and not (data.get("new_actor_name") or "").strip():
            self.add_error("new_actor_name", "Give the new actor's name.")
        if "kind" in self.data and not data.get("kind"):
            self.add_error("kind", "Pick a kind.")
        if "act" in self.data and not data.get("act"):
            self.add_error("act", "Pick an act.")
        return data

    def changes(self) -> ClaimChanges:
        data = self.cleaned_data
        changes: dict[str, Any] = self._common_changes()
        choice = data["actor_choice"]
        if choice == NEW:
            changes["new_actor_name"] = data["new_actor_name"].strip()
            if data.get("new_actor_kind"):
                changes["new_actor_kind"] = data["new_actor_kind"]
            if "new_actor_role" in self.data:
                changes["new_actor_role"] = data["new_actor_role"].strip()
        elif choice != KEEP:
            changes["actor"] = int(choice)
        for name in ("content_start", "content_end"):
            if data.get(name) is not None:
                changes[name] = data[name]
        return changes  # type: ignore[return-value]


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    claim = IdListField(error_messages={"required": "Select at least one claim."})
    reason = forms.CharField(required=False, max_length=2000)
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class NextForm(forms.Form):
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class UndoForm(NextForm):
    pass


class UnapproveForm(NextForm):
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class StatementEditForm(_SpanFieldsMixin, forms.Form):
    actor = forms.ModelChoiceField(queryset=Actor.objects.all(), required=False, empty_label=None)
    start = _offset("Text starts at")
    end = _offset("Text ends at")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_common_fields())
        self.fields["kind"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "act" in self.data and not data.get("act"):
            self.add_error("act", "Pick an act.")
        return data

    def changes(self) -> StatementChanges:
        data = self.cleaned_data
        changes: dict[str, Any] = self._common_changes()
        if data.get("actor") is not None:
            changes["actor"] = data["actor"]
        for name in ("start", "end"):
            if data.get(name) is not None:
                changes[name] = data[name]
        return changes  # type: ignore[return-value]


class ManualStatementForm(forms.Form):
    """A statement the extractor missed: offsets into the article's text (the page's selection fills them)."""

    content_start = _offset("Content starts at", required=True)
    content_end = _offset("Content ends at", required=True)
    speaker_start = _offset("Speaker starts at")
    speaker_end = _offset("Speaker ends at")
    cue_start = _offset("Cue starts at")
    cue_end = _offset("Cue ends at")
    actor = forms.ModelChoiceField(queryset=Actor.objects.all(), required=False, empty_label="— pick an actor —")
    new_actor_name = forms.CharField(required=False, max_length=200, label="or a new actor named")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_common_fields())
        self.fields["kind"].initial = ClaimKind.INDIRECT
        self.fields["act"].initial = ClaimAct.SPEECH

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for role in ("speaker", "cue"):
            if (data.get(f"{role}_start") is None) != (data.get(f"{role}_end") is None):
                self.add_error(f"{role}_end", f"Give both ends of the {role}, or neither.")
        has_actor, new_name = data.get("actor") is not None, (data.get("new_actor_name") or "").strip()
        if has_actor == bool(new_name):
            self.add_error("actor", "Pick an actor, or name a new one (not both).")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in ("content_start", "content_end", "speaker_start", "speaker_end")},
            **{name: data[name] for name in ("cue_start", "cue_end", "said_on", "topic", "stance")},
            "actor": data["actor"],
            "new_actor_name": (data["new_actor_name"] or "").strip(),
            "date_precision": data["date_precision"] or "",
            "kind": data["kind"] or ClaimKind.INDIRECT,
            "act": data["act"] or ClaimAct.SPEECH,
        }
