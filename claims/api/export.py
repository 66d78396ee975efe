"""GET /api/statements/export?format=jsonl|csv: every statement matching the list filters, streamed, no row cap.

Rows are read in keyset batches on (said_on, id), so memory stays flat however large the export, each batch is one
short indexed query, and no transaction or server-side cursor stays open while a slow client reads. A full export of
a million statements streams for a minute or more: serve it with gunicorn's gthread workers (a sync worker that
streams longer than --timeout is killed by the arbiter).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import orjson
from django.http import Http404, StreamingHttpResponse
from drf_orjson_renderer.renderers import ORJSONRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from claims.api.base import ApiViewMixin
from claims.api.filters import StatementFilter, statement_criteria
from claims.api.serializers import StatementSerializer
from claims.exports import STATEMENT_CSV_COLUMNS, csv_cell, statement_url_prefixes
from claims.selectors.api import (
    Position,
    StatementCriteria,
    StatementRows,
    statement_keyset_slice,
    statement_rows_api,
)

EXPORT_BATCH = 1000

# One column set with the analyst pages' CSV (claims.exports), documented in the README.
CSV_COLUMNS = STATEMENT_CSV_COLUMNS


class _StreamRenderer(BaseRenderer):
    """Chooses the export format during content negotiation; the view streams the body itself."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return json.dumps(data).encode()  # only error bodies get here


class JsonLinesRenderer(_StreamRenderer):
    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"


class CsvRenderer(_StreamRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


def _csv_row(item: dict[str, Any], permalink_prefix: str) -> list[Any]:
    actor, topic, article = item["actor"], item["topic"] or {}, item["article"]
    values = {
        "id": item["id"],
        "actor_slug": actor["slug"],
        "actor_name": actor["name"],
        "actor_wikidata_id": actor["wikidata_id"],
        "text": item["text"],
        "kind": item["kind"],
        "act": item["act"],
        "said_on": item["said_on"],
        "date_precision": item["date_precision"],
        "topic_slug": topic.get("slug"),
        "topic_name": topic.get("name"),
        "stance": item["stance"],
        "article_id": article["id"],
        "article_title": article["title"],
        "article_url": article["url"],
        "article_outlet": article["outlet"],
        "article_published": article["published"],
        "evidence_start": item["evidence"]["start"],
        "evidence_end": item["evidence"]["end"],
        "approved_at": item["approved_at"],
        "updated_at": item["updated_at"],
        "url": item["url"],
        "permalink": f"{permalink_prefix}{item['id']}/",
    }
    return [csv_cell(values[column]) for column in CSV_COLUMNS]


def statement_batches(criteria: StatementCriteria, *, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Every statement matching `criteria` in (said_on, id) order, undated last, in lists of at most `batch_size`."""
    after: Position | None = None
    while True:
        batch = statement_keyset_slice(criteria, after=after, backwards=False, descending=False, limit=batch_size)
        if batch:
            yield batch
        if len(batch) < batch_size:
            return
        after = Position.of(batch[-1])


class StatementExport(ApiViewMixin, generics.GenericAPIView):
    """Every statement that matches the filters of the statement list, as JSON Lines (default) or CSV."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    renderer_classes = [JsonLinesRenderer, CsvRenderer]
    pagination_class = None

    def get_queryset(self) -> StatementRows:
        return statement_rows_api()  # for the schema; rows are read by statement_batches

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        if not force and request.query_params.get("format") == "":  # DRF would take it for no choice at all
            raise exceptions.ValidationError({"format": ["Choose jsonl or csv."]})
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            # DRF treats an unknown ?format= as a missing URL; here it is a bad parameter value.
            raise exceptions.ValidationError({"format": ["Choose jsonl or csv."]}) from None

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):  # an error: it keeps the API's JSON error body and type
            response.accepted_renderer = ORJSONRenderer()
            response.accepted_media_type = ORJSONRenderer.media_type
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=["jsonl", "csv"], description="Default: jsonl."),
        ],
        responses={
            (200, "application/jsonl"): OpenApiResponse(OpenApiTypes.STR, description="One statement per line."),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="A header row, then one statement a row."),
        },
    )
    def get(self, request: Request, format: str | None = None) -> StreamingHttpResponse:  # noqa: A002 (DRF's name)
        criteria = statement_criteria(StatementFilter, request)
        serializer_context = self.get_serializer_context()
        is_csv = request.accepted_renderer.format == "csv"
        lines = self._csv(criteria, serializer_context) if is_csv else self._jsonl(criteria, serializer_context)
        response = StreamingHttpResponse(lines, content_type=request.accepted_renderer.media_type + "; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="statements.{"csv" if is_csv else "jsonl"}"'
        return response

    def _serialised(self, criteria: StatementCriteria, context: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        for batch in statement_batches(criteria, batch_size=EXPORT_BATCH):
            serializer: BaseSerializer = StatementSerializer(batch, many=True, context=context)
            yield serializer.data

    def _jsonl(self, criteria: StatementCriteria, context: dict[str, Any]) -> Iterator[bytes]:
        for items in self._serialised(criteria, context):
            yield b"".join(orjson.dumps(item, option=orjson.OPT_APPEND_NEWLINE) for item in items)

    def _csv(self, criteria: StatementCriteria, context: dict[str, Any]) -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        _, permalink_prefix = statement_url_prefixes(self.request)
        for items in self._serialised(criteria, context):
            writer.writerows(_csv_row(item, permalink_prefix) for item in items)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()
