"""Keyset ("cursor") pagination over statements, ordered by (said_on, id), stable in both directions.

A cursor names the boundary row by its sort key, not by an offset, so rows inserted or deleted elsewhere never shift a
page, and a deep page costs the same index range scan as the first one. Statements without a date (said_on NULL) come
after every dated statement, in id order, in both orderings; claims.selectors.api.statement_keyset_slice reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims.selectors.api import Position, StatementCriteria, statement_keyset_slice

# Cursors are short readable tokens whose pattern (in the schema) admits only positions that exist as positions:
# a direction (f: forwards, b: backwards), the day as a proleptic ordinal (date.toordinal(); 0 for undated) and the
# statement id. Any token that fits the pattern is a valid place to start a page; anything else is a 400.
_ORDINAL = r"(?:0|[1-9][0-9]{0,5}|[1-2][0-9]{6}|3[0-5][0-9]{5})"  # up to 3599999, inside date.max's 3652059
_ID = r"[1-9][0-9]{0,17}"  # below 2**63
STATEMENT_CURSOR_PATTERN = rf"^[fb]{_ORDINAL}\.{_ID}$"
_STATEMENT_CURSOR = re.compile(STATEMENT_CURSOR_PATTERN)


def _encode_cursor(position: Position, *, backwards: bool) -> str:
    day = position.said_on.toordinal() if position.said_on else 0
    return f"{'b' if backwards else 'f'}{day}.{position.id}"


def _decode_cursor(token: str) -> tuple[Position, bool]:
    if not _STATEMENT_CURSOR.match(token):
        raise ValidationError({"cursor": ["This cursor is not valid; use the next or previous link as given."]})
    day, statement_id = token[1:].split(".")
    said_on = dt.date.fromordinal(int(day)) if day != "0" else None
    return Position(said_on=said_on, id=int(statement_id)), token[0] == "b"


def page_size_from(request: Request, *, param: str, default: int, maximum: int) -> int:
    """The requested page size, capped at `maximum`; anything but a whole number of at least 1 is a 400."""
    raw = request.query_params.get(param)
    if raw is None:
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise ValidationError({param: ["Give a whole number of at least 1."]})
    return min(size, maximum)


class _StrictCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        return page_size_from(
            request, param=self.page_size_query_param, default=self.page_size, maximum=self.max_page_size
        )

    # DRF's cursor is base64 of a query string, opaque to the schema; here it is f|b, the offset among rows sharing
    # the position, and the position (the sort key of the boundary row) after a dot.
    position_pattern = ""

    @classmethod
    def cursor_pattern(cls) -> str:
        return rf"^[fb](?:0|[1-9][0-9]{{0,2}})(?:\.{cls.position_pattern})?$"

    def decode_cursor(self, request: Request) -> Cursor | None:
        token = request.query_params.get(self.cursor_query_param)
        if token is None:
            return None
        if not re.match(self.cursor_pattern(), token):
            raise ValidationError({self.cursor_query_param: ["This cursor is not valid."]})
        head, _, position = token.partition(".")
        return Cursor(offset=min(int(head[1:]), self.offset_cutoff), reverse=head[0] == "b", position=position or None)

    def encode_cursor(self, cursor: Cursor) -> str:
        token = f"{'b' if cursor.reverse else 'f'}{cursor.offset}"
        if cursor.position is not None:
            token += f".{cursor.position}"
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"]["pattern"] = self.cursor_pattern()
        return parameters


class SlugCursorPagination(_StrictCursorPagination):
    """Actors and topics: few rows, one unique sort key."""

    ordering = "slug"
    position_pattern = "[-a-zA-Z0-9_]{1,200}"


class NewestFirstPagination(_StrictCursorPagination):
    """Claims for editors: the newest candidates first."""

    ordering = "-id"
    position_pattern = "[1-9][0-9]{0,17}"


class StatementCursorPagination(BasePagination):
    """Pages of statements linked by opaque cursors. `ordering` is said_on (oldest first, the default) or -said_on."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    orderings = ("said_on", "-said_on")
    page_size = 50
    max_page_size = 200

    def paginate_statements(self, criteria: StatementCriteria, request: Request) -> list[dict[str, Any]]:
        self.base_url = request.build_absolute_uri()
        limit = self._page_size(request)
        descending = self._ordering(request) == "-said_on"
        token = request.query_params.get(self.cursor_query_param)
        after, backwards = _decode_cursor(token) if token is not None else (None, False)  # an empty one is a 400

        fetched = statement_keyset_slice(
            criteria, after=after, backwards=backwards, descending=descending, limit=limit + 1
        )
        more = len(fetched) > limit
        page = fetched[:limit]
        if backwards:
            page.reverse()
        self.has_next = (not backwards and more) or (backwards and after is not None)
        self.has_previous = (backwards and more) or (not backwards and after is not None)
        self.first = Position.of(page[0]) if page else None
        self.last = Position.of(page[-1]) if page else None
        return page

    def _page_size(self, request: Request) -> int:
        return page_size_from(
            request, param=self.page_size_query_param, default=self.page_size, maximum=self.max_page_size
        )

    def _ordering(self, request: Request) -> str:
        ordering = request.query_params.get(self.ordering_query_param, self.orderings[0])
        if ordering not in self.orderings:
            raise ValidationError({self.ordering_query_param: [f"Choose one of: {', '.join(self.orderings)}."]})
        return ordering

    def _link(self, position: Position | None, *, backwards: bool) -> str | None:
        if position is None:
            return None
        return replace_query_param(
            self.base_url, self.cursor_query_param, _encode_cursor(position, backwards=backwards)
        )

    def get_next_link(self) -> str | None:
        return self._link(self.last, backwards=False) if self.has_next else None

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        return self._link(self.first, backwards=True)

    def get_paginated_response(self, data: Sequence[Any]) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Position from a next or previous link.",
                "schema": {"type": "string", "pattern": STATEMENT_CURSOR_PATTERN},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {self.page_size}, at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": "said_on: oldest first (default); -said_on: newest first. Undated statements come last.",
                "schema": {"type": "string", "enum": list(self.orderings)},
            },
        ]
