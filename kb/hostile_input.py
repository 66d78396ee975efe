"""One check at the boundary for input no view should ever see: NUL characters, lone surrogates, over-long values and
deeply nested JSON, in the path, query parameters, headers, cookies, form fields and JSON bodies.

PostgreSQL refuses NUL in text ("string literal cannot contain NUL") and Python refuses to encode a lone surrogate
to UTF-8, so either one reaching a query is a 500 from deep inside a view; a JSON body nested a hundred thousand deep
is a RecursionError in the parser. Here they are a 400 before any view runs: the API's error body under /api/, a
plain page elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from claims.api.errors import error_body

# No search, slug, date or id is near this long; a URL over gunicorn's 4094-byte request line never arrives anyway.
MAX_PARAMETER_LENGTH = 1000
# gunicorn's own limit for one header field.
MAX_HEADER_LENGTH = 8190
# API bodies are flat objects; orjson itself stops at 1024 levels, well before Python's recursion limit.
MAX_JSON_DEPTH = 32

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class HostileInput(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def text_problem(value: str, *, max_length: int | None = None) -> str | None:
    """What is wrong with one value, or None. The one rule every entry point applies."""
    if "\x00" in value:
        return "Contains a NUL character."
    if max_length is not None and len(value) > max_length:
        return f"Longer than {max_length} characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Contains a lone surrogate (not valid Unicode)."
    return None


def _check(where: str, value: str, *, max_length: int | None) -> None:
    problem = text_problem(value, max_length=max_length)
    if problem is not None:
        raise HostileInput(where, problem)


def _check_pairs(pairs: Iterable[tuple[str, str]], *, max_length: int | None) -> None:
    for name, value in pairs:
        _check(name, name, max_length=MAX_PARAMETER_LENGTH)
        _check(name, value, max_length=max_length)


def _json_strings(value: Any, depth: int = 1) -> Iterator[tuple[str, str]]:
    """Every key and string in a parsed JSON document, with the top-level field it sits under."""
    if depth > MAX_JSON_DEPTH:
        raise HostileInput("body", f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
    if isinstance(value, str):
        yield "body", value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key, key
            for _, text in _json_strings(item, depth + 1):
                yield key, text
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, depth + 1)


def json_body_check(body: bytes) -> None:
    """Raise HostileInput for a JSON body too deep, or with NUL or a lone surrogate in a key or string. A body that
    is not JSON at all is left to the parser, which answers its own 400."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc):
            raise HostileInput("body", f"JSON nested deeper than {MAX_JSON_DEPTH} levels.") from None
        if "surrogate" in str(exc):
            raise HostileInput("body", "Contains a lone surrogate (not valid Unicode).") from None
        return
    for where, text in _json_strings(document):
        _check(where, text, max_length=None)


def request_check(request: HttpRequest) -> None:
    """Raise HostileInput for the first hostile value anywhere in the request."""
    _check("path", request.path, max_length=None)
    _check_pairs(_flat(request.GET), max_length=MAX_PARAMETER_LENGTH)
    for key, value in request.META.items():
        if key.startswith("HTTP_") or key in {"CONTENT_TYPE", "CONTENT_LENGTH"}:
            _check(key.removeprefix("HTTP_").replace("_", "-").title(), value, max_length=MAX_HEADER_LENGTH)
    content_type = request.content_type or ""
    length = request.META.get("CONTENT_LENGTH") or ""
    # Bodies past the upload limit are the view's to refuse (a 413 after authentication), unread here.
    if not (length.isdigit() and 0 < int(length) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
        return
    try:
        if content_type in FORM_TYPES:
            # Django parses POST forms itself; other methods' forms (a PATCH) are parsed here the same way.
            form = request.POST if request.method == "POST" else QueryDict(request.body, encoding=request.encoding)
            _check_pairs(_flat(form), max_length=None)  # lengths are the forms' business: an article is megabytes
        elif content_type == "application/json" or content_type.endswith("+json"):
            json_body_check(request.body)
    except RequestDataTooBig:
        return
    except MultiPartParserError as error:
        raise HostileInput("body", f"malformed multipart form: {error}") from error


def _flat(query: QueryDict) -> Iterator[tuple[str, str]]:
    for key, values in query.lists():
        for value in values:
            yield key, value


def hostile_input_response(request: HttpRequest, error: HostileInput) -> HttpResponse:
    message = f"{error.where}: {error.message}"
    if request.path.startswith("/api/"):
        body = error_body(code="invalid", message=message, details={error.where: [error.message]})
        return JsonResponse(body, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


class HostileInputMiddleware:
    """Placed before the session and authentication middleware: a NUL in a session cookie or a token never reaches
    their database lookups either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request_check(request)
        except HostileInput as error:
            return hostile_input_response(request, error)
        return self.get_response(request)
