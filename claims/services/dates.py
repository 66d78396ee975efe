"""The one rule for dates people give: nothing later than tomorrow (a source east of UTC may already be a day ahead)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def date_latest_allowed() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def date_is_future(value: dt.date) -> bool:
    return value > date_latest_allowed()
