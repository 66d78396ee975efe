"""Throttling for HTML pages that are expensive to serve (searches, exports), with the API's rates and counters.

`throttle("scope")` wraps a view: past the scope's rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] it answers 429
with Retry-After. Counting is DRF's (per account when logged in, else per client address), in the "throttle" cache,
so every server process shares the counters when that cache is Redis.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps

from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

View = Callable[..., HttpResponse]


class PageThrottle(SimpleRateThrottle):
    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    @property
    def cache(self) -> BaseCache:  # type: ignore[override]
        return caches["throttle"]

    def get_rate(self) -> str | None:
        # Read on every request, not once at import, so deployments and tests can change it.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[attr-defined]

    def get_cache_key(self, request: HttpRequest, view: object) -> str:
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def throttle(scope: str, *, when: Callable[[HttpRequest], bool] | None = None) -> Callable[[View], View]:
    """Count the view's requests (those `when` accepts, or all) against `scope`; 429 with Retry-After past it."""

    def decorator(view: View) -> View:
        @wraps(view)
        def throttled(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if when is None or when(request):
                counter = PageThrottle(scope)
                if not counter.allow_request(request, None):
                    retry_after = max(1, math.ceil(counter.wait() or 1))
                    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
                    response["Retry-After"] = str(retry_after)
                    return response
            return view(request, *args, **kwargs)

        return throttled

    return decorator
