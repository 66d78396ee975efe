"""When was it said: date expressions near a cue, resolved against the published date.

Our own resolution rather than dateparser's: news wording is a small closed set, and we need
"on Monday" to mean the Monday on or before publication, never the next one, and a dayless
"on December 5" in a January article to mean last December. Month precision dates are the 1st
of the month, year precision dates January 1st.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claims.nlp.types import DatePrecision

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[number].lower(): number for number in range(7)}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3,
}  # fmt: skip

# Month and weekday names must be capitalised: "may" and "march" are also common words.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?!\w)"
)
_DAY = r"(?P<day>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?P<count>[0-9]{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|(?:a )?few)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)[0-9]{2})-(?P<mm>[01][0-9])-(?P<dd>[0-3][0-9])\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("the_nth", re.compile(rf"(?i:\bon\s+the\s+){_DAY}\b")),
    ("weekday", re.compile(rf"(?P<last>(?i:\blast\s+|\bthis\s+past\s+))?\b{_WEEKDAY}\b")),
    ("yesterday", re.compile(r"(?i)\b(?:the\s+day\s+before\s+)?yesterday\b|\blast\s+night\b")),
    ("today", re.compile(r"(?i)\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b")),
    ("ago", re.compile(rf"(?i)\b{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+ago\b")),
    ("last_unit", re.compile(r"(?i)\b(?:last|past|previous)\s+(?P<unit>week|month|year)\b")),
    ("this_unit", re.compile(r"(?i)\b(?:earlier\s+)?this\s+(?P<unit>week|month|year)\b")),
    ("month", re.compile(rf"(?i:\b(?P<rel>in|last|this|early|late|mid-?|since)\s+){_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
    ("year", re.compile(rf"(?i:\b(?:in|since|during)\s+(?:(?:early|late|mid-?)\s*)?){_YEAR}\b")),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    said_on: dt.date
    precision: DatePrecision
    start: int  # offsets into the text that was searched
    end: int
    text: str


def _month_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _dayless(published: dt.date, month: int, day: int, year: str | None) -> dt.date | None:
    """A month-day with or without a year; a yearless one lies on or before publication."""
    if year:
        return _safe_date(int(year), month, day)
    found = _safe_date(published.year, month, day)
    if found is not None and found > published:
        found = _safe_date(published.year - 1, month, day)
    return found


def _resolve(kind: str, match: re.Match[str], published: dt.date) -> tuple[dt.date, DatePrecision] | None:
    groups = match.groupdict()
    if kind == "iso":
        found = _safe_date(int(groups["year"]), int(groups["mm"]), int(groups["dd"]))
        return None if found is None else (found, "day")
    if kind in ("month_day", "day_month"):
        month = _MONTHS[groups["month"].rstrip(".").lower()]
        found = _dayless(published, month, int(groups["day"]), groups["year"])
        return None if found is None else (found, "day")
    if kind == "the_nth":
        day = int(groups["day"])
        found = _safe_date(published.year, published.month, day)
        if found is None or found > published:
            previous = _month_back(published, 1)
            found = _safe_date(previous.year, previous.month, day)
        return None if found is None else (found, "day")
    if kind == "weekday":
        back = (published.weekday() - _WEEKDAYS[groups["weekday"].lower()]) % 7
        if back == 0 and groups["last"]:
            back = 7  # "last Monday" said on a Monday means a week ago
        return published - dt.timedelta(days=back), "day"
    if kind == "yesterday":
        days = 2 if match.group(0).lower().startswith("the day before") else 1
        return published - dt.timedelta(days=days), "day"
    if kind == "today":
        return published, "day"
    if kind == "ago":
        count = groups["count"].lower()
        number = int(count) if count.isdigit() else _NUMBERS[count]
        unit = groups["unit"].lower()
        if unit == "day":
            return published - dt.timedelta(days=number), "day"
        if unit == "week":
            return _month_back(published - dt.timedelta(weeks=number), 0), "month"
        if unit == "month":
            return _month_back(published, number), "month"
        return dt.date(published.year - number, 1, 1), "year"
    if kind in ("last_unit", "this_unit"):
        unit = groups["unit"].lower()
        back = 1 if kind == "last_unit" else 0
        if unit == "week":
            # A week has no precision of its own: give its month, the finest we can honestly claim.
            return _month_back(published - dt.timedelta(weeks=back), 0), "month"
        if unit == "month":
            return _month_back(published, back), "month"
        return dt.date(published.year - back, 1, 1), "year"
    if kind in ("month", "month_year"):
        month = _MONTHS[groups["month"].rstrip(".").lower()]
        if groups.get("year"):
            found = dt.date(int(groups["year"]), month, 1)
        else:
            found = dt.date(published.year, month, 1)
            said_last = (groups.get("rel") or "").lower() == "last"
            if found > published or (said_last and month >= published.month):
                found = dt.date(published.year - 1, month, 1)
        return found, "month"
    if kind == "year":
        return dt.date(int(groups["year"]), 1, 1), "year"
    raise ValueError(kind)


def date_mentions(text: str, *, published: dt.date) -> list[DateMention]:
    """Every date expression in `text` that can be a time of saying (on or before publication)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:  # ordered most specific first; overlaps keep the first
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is None or resolved[0] > published:
                continue  # a future date is an event talked about, not when it was said
            taken.append((start, end))
            found.append(DateMention(resolved[0], resolved[1], start, end, match.group(0)))
    return sorted(found, key=lambda mention: mention.start)


def date_nearest(
    text: str, *, published: dt.date, anchor: int, exclude: Sequence[tuple[int, int]] = ()
) -> DateMention | None:
    """The date expression closest to `anchor` (the cue), outside the `exclude` spans (contents:
    a date inside what was said is about the event, not about when it was said)."""
    best: DateMention | None = None
    best_distance = 0
    for mention in date_mentions(text, published=published):
        if any(mention.start < end and start < mention.end for start, end in exclude):
            continue
        distance = max(mention.start - anchor, anchor - mention.end, 0)
        if best is None or distance < best_distance:
            best, best_distance = mention, distance
    return best
