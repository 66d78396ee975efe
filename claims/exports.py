"""Exports of the current filtered view, streamed: rows leave as they come off a server-side cursor."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from claims.filters import StatementFilters
from claims.selectors.statements import EXPORT_FIELDS, statement_export_rows

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}
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


def export_csv_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(EXPORT_FIELDS.keys())
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row.values()])


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def export_jsonl_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, default=_json_default, ensure_ascii=False) + "\n"


def export_response(*, filters: StatementFilters, fmt: str) -> StreamingHttpResponse:
    rows = statement_export_rows(filters=filters)
    lines = export_csv_lines(rows) if fmt == "csv" else export_jsonl_lines(rows)
    response = StreamingHttpResponse(lines, content_type=EXPORT_FORMATS[fmt])
    name = "statements-" + "-".join(v for k, v in sorted(filters.query.items()) if k in {"actor", "topic"})
    response["Content-Disposition"] = f'attachment; filename="{name.strip("-")}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
