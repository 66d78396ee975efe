"""OpenAPI post-processing: the one error body, and the status codes every operation can answer with it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

from claims.api.permissions import EditorWrites

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "description": "Stable, for programs: invalid, not_found, throttled…"},
                "message": {"type": "string", "description": "For people."},
                "details": {"type": "object", "description": "For invalid input: the messages of each field."},
            },
        }
    },
}

_ERRORS = {
    "400": "Invalid parameters or body.",
    "401": "Not logged in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Logged in, but not allowed to do this.",
    "404": "No such object, or not one you may see.",
    "409": "The object is no longer in a state that allows this action.",
    "413": "The request body is too large.",
    "414": "The request line (path and query string) is longer than the server reads (4,094 bytes).",
    "415": "The request body's Content-Type is not one this operation reads (JSON, form or multipart).",
    "429": "Too many requests; retry after the number of seconds in the Retry-After header.",
    "431": "Too many request headers, or one too large.",
}
_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular POSTPROCESSING_HOOK: document the error body under each status an operation may return."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            # 414 and 431 come from gunicorn itself, before the app (kb/gunicorn.conf.py), for any path.
            codes = ["400", "401", "403", "404", "414", "429", "431"]
            if method in ("post", "put", "patch"):
                codes += ["409", "413", "415"]
            for code in codes:
                if code not in responses:
                    responses[code] = {"description": _ERRORS[code], "content": error}
            responses["429"].setdefault("headers", _RETRY_AFTER)
            if method == "get" and "200" in responses and not path.endswith("/export"):
                responses.setdefault("304", {"description": "Not modified: the ETag in If-None-Match still holds."})
    return result


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, told which operations anyone may call: reads guarded only by EditorWrites."""

    def get_auth(self) -> list[dict[str, list[str]]]:
        auths = super().get_auth()
        public_read = self.method in SAFE_METHODS and any(
            isinstance(permission, EditorWrites) for permission in self.view.get_permissions()
        )
        if public_read and {} not in auths:
            auths.append({})  # no credentials needed
        return auths


# PostgreSQL cannot store or compare text with a NUL character; every text parameter refuses it with a 400.
_NO_NUL = "^[^\\x00]*$"
_SLUG = "^[-a-zA-Z0-9_]+$"  # Django's SlugField


def forbid_nul_in_text_parameters(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular POSTPROCESSING_HOOK: free-text parameters say that they take no NUL character, slugs in
    paths what a slug is."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if schema.get("type") != "string" or {"enum", "format", "pattern"} & schema.keys():
                    continue
                schema["pattern"] = _SLUG if parameter["in"] == "path" and parameter["name"] == "slug" else _NO_NUL
    return result
