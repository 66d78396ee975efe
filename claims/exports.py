"""Exports of the current filtered view, streamed: rows leave as they come off a server-side cursor."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse

from claims.filters import StatementFilters
from claims.selectors.statements import statement_export_rows

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}

# The one column set of every statement CSV: the analyst pages' export (/statements/export.csv) and the API's
# (/api/statements/export?format=csv) write these columns, in this order, for the same statement the same values.
# README "Exports" documents each column.
STATEMENT_CSV_COLUMNS = (
    *("id", "actor_slug", "actor_name", "actor_wikidata_id", "text", "kind", "act", "said_on", "date_precision"),
    *("topic_slug", "topic_name", "stance", "article_id", "article_title", "article_url", "article_outlet"),
    *("article_published", "evidence_start", "evidence_end", "approved_at", "updated_at", "url", "permalink"),
)
# A spreadsheet runs a cell that starts with one of these as a formula; article text must stay text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like object whose write() returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value: object) -> object:
    """A value as both exports write it: dates ISO, times ISO in UTC with Z, None empty, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = value.astimezone(dt.UTC).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return _csv_cell(value)


def export_csv_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(STATEMENT_CSV_COLUMNS)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in STATEMENT_CSV_COLUMNS])


def _json_default(value: object) -> str:
    if isinstance(value, dt.datetime):
        return str(csv_cell(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _with_urls(rows: Iterator[dict[str, object]], *, api_prefix: str, page_prefix: str) -> Iterator[dict[str, object]]:
    for row in rows:
        row["url"] = f"{api_prefix}{row['id']}/"
        row["permalink"] = f"{page_prefix}{row['id']}/"
        yield row


def statement_url_prefixes(request: HttpRequest) -> tuple[str, str]:
    """Absolute "…/api/statements/" and "…/statements/": a statement's URLs are these plus "<id>/"."""
    return (
        request.build_absolute_uri(reverse("api-statement-list")),
        request.build_absolute_uri(reverse("statement-detail", args=[1])).removesuffix("1/"),
    )


def export_jsonl_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, default=_json_default, ensure_ascii=False) + "\n"


def export_response(*, request: HttpRequest, filters: StatementFilters, fmt: str) -> StreamingHttpResponse:
    api_prefix, page_prefix = statement_url_prefixes(request)
    rows = _with_urls(statement_export_rows(filters=filters), api_prefix=api_prefix, page_prefix=page_prefix)
    lines = export_csv_lines(rows) if fmt == "csv" else export_jsonl_lines(rows)
    response = StreamingHttpResponse(lines, content_type=EXPORT_FORMATS[fmt])
    name = "statements-" + "-".join(v for k, v in sorted(filters.query.items()) if k in {"actor", "topic"})
    response["Content-Disposition"] = f'attachment; filename="{name.strip("-")}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
