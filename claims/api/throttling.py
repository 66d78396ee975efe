"""Throttles for every API endpoint: per IP for anonymous clients, per account for signed-in ones.

Counters live in the "throttle" cache (Redis when THROTTLE_CACHE_URL is set, so all server processes share them;
per process otherwise). Rates are read from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] on every request rather than
once at import, so deployments and tests can change them.
"""

from __future__ import annotations

from django.core.cache import BaseCache, caches
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _CurrentSettings:
    @property
    def cache(self) -> BaseCache:
        return caches["throttle"]

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[attr-defined]


class AnonThrottle(_CurrentSettings, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_CurrentSettings, UserRateThrottle):
    scope = "user"
