"""JSON shapes of the API. Read serializers render; input serializers only validate what a service will receive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from claims.models import Article, Claim, ClaimAct, ClaimKind, DatePrecision, Stance, Topic
from claims.selectors.api import statement_json


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as "" when unset, shown as null so clients need not know the storage convention."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class ApiUrlField(serializers.SerializerMethodField):
    """The absolute API URL of an object, from a URL name and one of its attributes."""

    def __init__(self, view_name: str, lookup: str = "pk", kwarg: str = "pk") -> None:
        self.view_name, self.lookup, self.kwarg = view_name, lookup, kwarg
        super().__init__()

    def to_representation(self, obj: Any) -> str:
        path = reverse(self.view_name, kwargs={self.kwarg: getattr(obj, self.lookup)})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


extend_schema_field({"type": "string", "format": "uri"})(ApiUrlField)


class ActorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    wikidata_id = serializers.CharField(read_only=True, allow_null=True)


class TopicRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, allow_null=True)
    outlet = serializers.CharField(read_only=True)
    published = serializers.DateField(source="published_on", read_only=True, allow_null=True)


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)


class StatementSerializer(serializers.Serializer):
    """The Statement JSON, made from a statement row (claims.selectors.api.statement_rows_api).

    The fields below are the contract: the OpenAPI schema is generated from them, and schemathesis checks answers
    against it. to_representation builds the same shape directly from the row, because the generic field-by-field
    walk cost more than the query and everything else in a page put together.
    """

    id = serializers.IntegerField(read_only=True)
    actor = ActorRefSerializer(read_only=True)
    text = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, read_only=True)
    act = serializers.ChoiceField(
        choices=ClaimAct.choices,
        read_only=True,
        help_text="What the actor does with the text: says it (speech), believes, intends or perceives it, or a "
        "document of theirs states it.",
    )
    said_on = serializers.DateField(read_only=True, allow_null=True)
    date_precision = BlankAsNullChoiceField(choices=DatePrecision.choices, read_only=True)
    topic = TopicRefSerializer(read_only=True, allow_null=True)
    stance = BlankAsNullChoiceField(choices=Stance.choices, read_only=True)
    article = ArticleRefSerializer(read_only=True)
    evidence = SpanSerializer(read_only=True, help_text="Character span of the statement in the article.")
    approved_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = serializers.URLField(read_only=True)

    def _page_constants(self) -> tuple[str, dt.tzinfo]:
        # Worked out once per page, not once per row: detail URLs are the list URL plus "<id>/".
        constants = getattr(self, "_constants", None)
        if constants is None:
            path = reverse("api-statement-list")
            request = self.context.get("request")
            prefix = request.build_absolute_uri(path) if request is not None else settings.API_BASE_URL + path
            constants = self._constants = (prefix, timezone.get_current_timezone())
        return constants

    def to_representation(self, row: Mapping[str, Any]) -> dict[str, Any]:
        url_prefix, tz = self._page_constants()
        return statement_json(row, url_prefix=url_prefix, tz=tz)


class ActorSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Actor.Kind.choices, read_only=True)
    url = ApiUrlField("api-actor-detail", lookup="slug", kwarg="slug")
    statements_url = ApiUrlField("api-actor-statements", lookup="slug", kwarg="slug")

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "role", "description", "country", "wikidata_id", "url", "statements_url"]
        read_only_fields = fields


class TopicSerializer(serializers.ModelSerializer):
    statements_url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "keywords", "statements_url"]
        read_only_fields = fields

    def get_statements_url(self, topic: Topic) -> str:
        path = f"{reverse('api-statement-list')}?topic={topic.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


extend_schema_field({"type": "string", "format": "uri"})(TopicSerializer.get_statements_url)


class ClaimSerializer(serializers.Serializer):
    """A machine candidate as an editor sees it."""

    id = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=Claim.Status.choices, read_only=True)
    article = ArticleRefSerializer(read_only=True)
    speaker = serializers.SerializerMethodField()
    actor = ActorRefSerializer(read_only=True, allow_null=True)
    cue = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=ClaimKind.choices, read_only=True)
    act = serializers.ChoiceField(choices=ClaimAct.choices, read_only=True)
    said_on = serializers.DateField(read_only=True, allow_null=True)
    date_precision = BlankAsNullChoiceField(choices=DatePrecision.choices, read_only=True)
    topic = TopicRefSerializer(read_only=True, allow_null=True)
    stance = BlankAsNullChoiceField(choices=Stance.choices, read_only=True)
    confidence = serializers.FloatField(read_only=True)
    stance_confidence = serializers.FloatField(read_only=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reject_reason = serializers.CharField(read_only=True)
    statement_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api-claim-detail")

    def _url(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "start": {"type": "integer", "nullable": True},
                "end": {"type": "integer", "nullable": True},
            },
            "required": ["text", "start", "end"],
        }
    )
    def get_speaker(self, claim: Claim) -> dict[str, Any]:
        return {"text": claim.speaker_text, "start": claim.speaker_start, "end": claim.speaker_end}

    @extend_schema_field(SpanSerializer)
    def get_cue(self, claim: Claim) -> dict[str, Any]:
        return {"text": claim.cue_text, "start": claim.cue_start, "end": claim.cue_end}

    @extend_schema_field(SpanSerializer)
    def get_content(self, claim: Claim) -> dict[str, Any]:
        return {"text": claim.content_text, "start": claim.content_start, "end": claim.content_end}

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_statement_url(self, claim: Claim) -> str | None:
        statement_id = getattr(claim, "statement_pk", None)  # annotated by the claim selectors
        if statement_id is None:
            return None
        return self._url(reverse("api-statement-detail", kwargs={"pk": statement_id}))


class ArticleSerializer(serializers.Serializer):
    """An article's extraction status and its claims (all of them for editors, approved ones for others)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    outlet = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, allow_null=True)
    published = serializers.DateField(source="published_on", read_only=True, allow_null=True)
    word_count = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=Article.Status.choices, read_only=True)
    extraction_error = serializers.CharField(read_only=True)
    extracted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    claims = ClaimSerializer(source="visible_claims", many=True, read_only=True)
    status_url = ApiUrlField("api-article-detail")


class ArticleIngestedSerializer(ArticleSerializer):
    created = serializers.BooleanField(read_only=True, help_text="False: the article was already there.")
