"""One error body for every API failure: {"error": {"code": ..., "message": ..., "details": ...}}."""

from __future__ import annotations

import logging
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from claims.services.articles import ArticleRejected
from claims.services.review import CONFLICT_CODES, ReviewError

logger = logging.getLogger("claims.api")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource is not in a state that allows this action."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def error_body(*, code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details if details is not None else {}}}


def _body_for(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        # Field errors keep their shape in details; a bare list (non-field errors) goes under "non_field_errors".
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_body(code="invalid", message="The request is not valid.", details=details)
    detail = exc.detail
    code = detail.code if isinstance(detail, exceptions.ErrorDetail) else exc.default_code
    return error_body(code=str(code), message=str(detail))


def _domain_error(exc: Exception) -> Response | None:
    """The services' own exceptions, with the status their code means over HTTP."""
    if isinstance(exc, ReviewError):
        if exc.code == "not_found":
            status_code = status.HTTP_404_NOT_FOUND
        elif exc.code in CONFLICT_CODES:
            status_code = status.HTTP_409_CONFLICT
        elif exc.code == "forbidden":
            status_code = status.HTTP_403_FORBIDDEN
        else:
            status_code = status.HTTP_400_BAD_REQUEST
        return Response(error_body(code=exc.code, message=exc.message), status=status_code)
    if isinstance(exc, ArticleRejected):
        details: dict[str, Any] = {exc.field or "non_field_errors": [exc.message]}
        if exc.byte_offset is not None:
            details["byte_offset"] = exc.byte_offset
        status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if exc.code == "too_large" else 400
        return Response(error_body(code=exc.code, message=exc.message, details=details), status=status_code)
    return None


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER. Unexpected errors also become a JSON 500, after Django's usual signal and log."""
    domain = _domain_error(exc)
    if domain is not None:
        set_rollback()
        return domain
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        set_rollback()
        return Response(_body_for(exc), status=exc.status_code, headers=headers)

    request = context.get("request")
    # The signal lets error reporters (and Django's test client) see the exception we are about to swallow.
    signals.got_request_exception.send(sender=None, request=getattr(request, "_request", request))
    logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
    set_rollback()
    return Response(
        error_body(code="server_error", message="An unexpected error occurred."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


@csrf_exempt  # a 404 for every method; the CSRF check would answer an HTML 403 to unknown POSTs first
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Catch-all under /api/ so unknown URLs get the same error body as everything else."""
    return JsonResponse(
        error_body(code="not_found", message="No API endpoint at this URL."), status=status.HTTP_404_NOT_FOUND
    )
