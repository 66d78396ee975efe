"""The API's settings come from the environment and refuse junk, naming the variable."""

from __future__ import annotations

import pytest

from tests.foundation.test_settings import SERVER_ENV, run_python

PRINT_API_SETTINGS = (
    "import django; from django.conf import settings; "
    "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], settings.CACHES['throttle']['BACKEND'])"
)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("API_THROTTLE_ANON", "lots"),
        ("API_THROTTLE_USER", "100/fortnight"),
        ("API_NUM_PROXIES", "-1"),
        ("API_THROTTLE_CACHE_URL", "memcached://127.0.0.1:11211"),
    ],
)
def test_a_bad_api_setting_stops_start_up_naming_the_variable(variable, value):
    result = run_python(PRINT_API_SETTINGS, **SERVER_ENV, DJANGO_SETTINGS_MODULE="kb.settings", **{variable: value})

    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_rates_and_a_shared_throttle_cache_are_read_from_the_environment():
    result = run_python(
        PRINT_API_SETTINGS,
        **SERVER_ENV,
        DJANGO_SETTINGS_MODULE="kb.settings",
        API_THROTTLE_ANON="30/minute",
        API_THROTTLE_USER="off",
        API_THROTTLE_CACHE_URL="redis://127.0.0.1:6379/9",
        PAGE_THROTTLE_EXPORT="3/minute",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "{'anon': '30/minute', 'user': None, 'page_search': '60/minute', 'page_export': '3/minute'}"
        " django.core.cache.backends.redis.RedisCache"
    )
