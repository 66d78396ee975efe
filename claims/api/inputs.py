"""Input serializers: they check the shape and types of a request body; the services check everything else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers
from rest_framework.utils import html

from actors.models import Actor
from claims.models import ClaimAct, ClaimKind, DatePrecision, Stance, Topic
from claims.services.dates import date_is_future


class _BlankableChoiceField(serializers.ChoiceField):
    """A choice that may be cleared: null in the request, "" in the database, as the services expect."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None:
            return True, ""
        return super().validate_empty_values(data)


class _TextField(serializers.CharField):
    """Text, and only text: DRF's CharField would take 0 or true for "0" or "True"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class _ActorField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", queryset=Actor.objects.all(), **kwargs)


class _TopicField(serializers.SlugRelatedField):
    default_error_messages = {"blank": "Give a topic slug, or null for none."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", queryset=Topic.objects.all(), allow_null=True, **kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Any:  # noqa: ANN401
        # DRF reads "" as null for related fields; the schema (a slug, or null) does not, and neither do we.
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


class _DateField(serializers.DateField):
    """A date, or null where allowed; in a form too, an empty value is no date (DRF would read it as null)."""

    def get_value(self, dictionary: Any) -> Any:  # noqa: ANN401
        value = super().get_value(dictionary)
        if value is None and html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return value


class _StatementFields(serializers.Serializer):
    """What claims and statements share; every field is optional and only the ones given change."""

    actor = _ActorField(required=False, help_text="Actor slug.")
    said_on = _DateField(required=False, allow_null=True)
    date_precision = _BlankableChoiceField(choices=DatePrecision.choices, required=False)
    topic = _TopicField(required=False, help_text="Topic slug, or null for none.")
    stance = _BlankableChoiceField(choices=Stance.choices, required=False)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    act = serializers.ChoiceField(choices=ClaimAct.choices, required=False)

    def validate_said_on(self, value: dt.date | None) -> dt.date | None:
        # The services hold the same rule; checked here too so the 400 names the field.
        if value is not None and date_is_future(value):
            raise serializers.ValidationError(f"{value.isoformat()} is more than a day in the future.")
        return value


class ClaimApproveInput(_StatementFields):
    """Optional corrections applied as the claim is approved."""

    new_actor_name = _TextField(
        required=False, max_length=200, help_text="Create a new actor with this name (instead of `actor`)."
    )
    content_start = serializers.IntegerField(required=False, min_value=0, help_text="New content span start.")
    content_end = serializers.IntegerField(required=False, min_value=1, help_text="New content span end.")


class ClaimRejectInput(serializers.Serializer):
    reason = _TextField(required=False, allow_blank=True, max_length=2000, default="")


class StatementEditInput(_StatementFields):
    start = serializers.IntegerField(required=False, min_value=0, help_text="New evidence span start.")
    end = serializers.IntegerField(required=False, min_value=1, help_text="New evidence span end.")


class ArticleTextInput(serializers.Serializer):
    """An article as pasted text (JSON or form fields)."""

    text = _TextField(required=False, trim_whitespace=False, help_text="The article's text (or HTML).")
    content_type = serializers.ChoiceField(
        choices=["text/plain", "text/html"], required=False, help_text="What `text` is (default: plain text)."
    )
    title = _TextField(required=False, allow_blank=True, max_length=500, default="")
    outlet = _TextField(required=False, allow_blank=True, max_length=200, default="")
    url = _TextField(required=False, allow_null=True, allow_blank=True, max_length=1000, default=None)
    published_on = _DateField(required=False, allow_null=True, default=None)


class ArticleInput(ArticleTextInput):
    """An article as pasted text or as an uploaded .txt/.html file (multipart `file`)."""

    file = serializers.FileField(required=False, help_text="Instead of `text`: a .txt or .html file.")
