"""Who a request comes from, and what a locked-out login answers (django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind REST_FRAMEWORK["NUM_PROXIES"] trusted proxies.

    The same address the API's throttles count by, so a proxy setting means one thing everywhere.
    """
    return BaseThrottle().get_ident(request)


def login_lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The lockout page: 429 with Retry-After, saying how long the cool-off lasts and who can lift it."""
    cooloff_seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": max(1, cooloff_seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(cooloff_seconds)
    return response
