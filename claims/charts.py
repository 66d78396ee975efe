"""Stance over time as server-rendered SVG: it reads with JavaScript off and scales to any width.

One chart per topic (or per actor on a topic page). Three lanes, favor / neutral / against, hold the statements
placed by date (summed per month when there are many); a band below counts statements per month, stacked by
stance. Position and colour both carry the stance, so the chart does not depend on colour vision.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.selectors.analytics import StanceBucket

STANCES = [("favor", "Favor"), ("neutral", "Neutral"), ("against", "Against")]
COLOURS = {"favor": "#1b7f3b", "neutral": "#5f6b7a", "against": "#b3261e"}
WIDTH = 760
LEFT = 74
RIGHT = 14
PLOT = WIDTH - LEFT - RIGHT
MIN_SPAN_MONTHS = 6


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _previous_month(day: dt.date) -> dt.date:
    return dt.date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def chart_range(buckets: Iterable[StanceBucket]) -> tuple[dt.date, dt.date] | None:
    """Whole months around the buckets, at least MIN_SPAN_MONTHS of them: the shared time scale of charts shown side
    by side. A single month drawn across the whole width reads as a long period; padded, it reads as a moment."""
    days = [b.day for b in buckets]
    if not days:
        return None
    start, end = _month_start(min(days)), _next_month(max(days))
    months = len(_months_between(start, end))
    for added in range(max(0, MIN_SPAN_MONTHS - months)):
        if added % 2 == 0:
            end = _next_month(end)
        else:
            start = _previous_month(start)
    return start, end


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@lru_cache(maxsize=64)
def _months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    # Every chart of a page shares one time scale: work the months out once.
    months, month = [], start
    while month < end:
        months.append(month)
        month = _next_month(month)
    return months


class _Scale:
    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.days = max(1, (end - start).days)
        self.per_day = PLOT / self.days

    def x(self, day: dt.date) -> float:
        return LEFT + (day - self.start).days * self.per_day

    def months(self) -> list[dt.date]:
        return _months_between(self.start, self.end)


def _describe(title: str, buckets: list[StanceBucket], shifts: int) -> str:
    if not buckets:
        return f"{title}: no statements with a stance."
    totals = dict.fromkeys((stance for stance, _ in STANCES), 0)
    first = last = buckets[0]
    for bucket in buckets:
        totals[bucket.stance] += bucket.count
        if bucket.day < first.day:
            first = bucket
        if (bucket.day, bucket.count) > (last.day, last.count):
            last = bucket
    parts = ", ".join(f"{totals[stance]:,} {label.lower()}" for stance, label in STANCES)
    text = (
        f"{_plural(sum(totals.values()), 'statement')} from {first.day:%B %Y} to {last.day:%B %Y}: {parts}. "
        f"Latest: {last.stance} in {last.day:%B %Y}."
    )
    if shifts:
        text += f" {_plural(shifts, 'stance shift')} marked."
    return text


def stance_chart_svg(
    *,
    chart_id: str,
    title: str,
    buckets: list[StanceBucket],
    start: dt.date,
    end: dt.date,
    shift_days: Iterable[dt.date] = (),
    compact: bool = False,
) -> SafeString:
    """The SVG for one topic (or actor). Every text that comes from data is escaped here.

    Few statements: a dot per day in the stance's lane, and the monthly counts below. Many (summed per month by
    the query): the monthly counts alone, taller, stacked by stance, one path per stance to keep the page light.
    """
    scale = _Scale(start, end)
    shift_days = [day for day in shift_days if start <= day < end]
    by_month = any(b.by_month for b in buckets)
    lane = 16 if compact else 22
    top = 8 if compact else 30
    lanes_height = 0 if by_month else 3 * lane + 10
    band_top = top + lanes_height
    band = (30 if compact else 46) + (3 * lane if by_month else 0)
    axis = band_top + band + 2
    height = axis + 20
    out: list[str] = [
        f'<svg class="stance-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(title, buckets, len(shift_days)))}</desc>',
    ]
    if not compact:
        out.append(_legend(by_month=by_month, shifts=bool(shift_days)))
    out.extend(_axis(scale, top=top, bottom=axis, label_y=axis + 14))
    if not by_month:
        out.extend(_lanes(scale, buckets, top=top, lane=lane))
    marks_bottom = axis if by_month else top + 3 * lane
    for day in shift_days:
        x = scale.x(day) + 0.5
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 3}" y2="{marks_bottom}" class="shift-mark">'
            f"<title>Stance shift on {day:%d %b %Y}</title></line>"
        )
    out.extend(_month_band(scale, buckets, top=band_top, height=band, show_labels=not compact))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (built here; every data-derived text went through escape())


def _lanes(scale: _Scale, buckets: list[StanceBucket], *, top: int, lane: int) -> list[str]:
    """A labelled lane per stance, with a dot per day said (bigger when several statements share the day)."""
    out = []
    for index, (_, label) in enumerate(STANCES):
        y = top + index * lane
        out.append(
            f'<rect x="{LEFT}" y="{y}" width="{PLOT}" height="{lane - 2}" class="lane"/>'
            f'<text x="{LEFT - 8}" y="{y + lane / 2 + 3:.1f}" text-anchor="end" class="lane-label">{label}</text>'
        )
    lane_of = {stance: index for index, (stance, _) in enumerate(STANCES)}
    for bucket in sorted(buckets, key=lambda b: -b.count):
        cy = top + lane_of[bucket.stance] * lane + (lane - 2) / 2
        radius = min(lane / 2 - 1.5, 4.5 + 1.5 * math.sqrt(bucket.count - 1))
        out.append(
            f'<circle cx="{scale.x(bucket.day) + 0.5:.1f}" cy="{cy:.1f}" r="{radius:.1f}" '
            f'fill="{COLOURS[bucket.stance]}"><title>{bucket.day:%d %b %Y}: '
            f"{_plural(bucket.count, 'statement')}, {bucket.stance}</title></circle>"
        )
    return out


def _legend(*, by_month: bool, shifts: bool) -> str:
    items, x = [], LEFT
    for stance, label in STANCES:
        items.append(
            f'<circle cx="{x + 5}" cy="12" r="5" fill="{COLOURS[stance]}"/>'
            f'<text x="{x + 14}" y="16" class="legend">{label}</text>'
        )
        x += 28 + len(label) * 7
    if shifts:
        items.append(
            f'<line x1="{x + 4}" x2="{x + 4}" y1="4" y2="20" class="shift-mark"/>'
            f'<text x="{x + 12}" y="16" class="legend">Stance shift</text>'
        )
        x += 100
    note = "Statements per month, by stance" if by_month else "One dot per day; bars: statements per month"
    items.append(f'<text x="{WIDTH - RIGHT}" y="16" text-anchor="end" class="legend muted">{note}</text>')
    return f'<g class="chart-legend" aria-hidden="true">{"".join(items)}</g>'


def _axis(scale: _Scale, *, top: int, bottom: int, label_y: int) -> list[str]:
    months = scale.months()
    out = [f'<line x1="{LEFT}" x2="{LEFT + PLOT}" y1="{bottom}" y2="{bottom}" class="axis"/>']
    if len(months) <= 36:
        # Monthly or quarterly ticks; the year is named on the first tick and on every January.
        step = 1 if len(months) <= 12 else 3
        chosen = [m for m in months if (m.month - 1) % step == 0] or months[:1]
        ticks = [(m, f"{m:%b %Y}" if m.month == 1 or m == chosen[0] else f"{m:%b}") for m in chosen]
    else:
        years = [m for m in months if m.month == 1]
        step = max(1, math.ceil(len(years) / 12))
        ticks = [(m, f"{m:%Y}") for m in years[::step]]
    for month, label in ticks:
        x = scale.x(month)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 2}" y2="{bottom + 4}" class="grid"/>'
            f'<text x="{x + 3:.1f}" y="{label_y}" class="tick">{label}</text>'
        )
    return out


MONTH_NAMES = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]  # fmt: skip


def _month_band(scale: _Scale, buckets: list[StanceBucket], *, top: int, height: int, show_labels: bool) -> list[str]:
    """Statements per month, stacked favor / neutral / against from the baseline up.

    The busiest charts have a column per month for ten years, on every topic: this loop is the page's hottest
    Python, hence plain tuples and one f-string per shape.
    """
    counts: dict[dt.date, list[int]] = {}
    slot = {"favor": 0, "neutral": 1, "against": 2}
    for bucket in buckets:
        month = counts.setdefault(bucket.day if bucket.by_month else _month_start(bucket.day), [0, 0, 0])
        month[slot[bucket.stance]] += bucket.count
    if not counts:
        return []
    peak = max(sum(c) for c in counts.values())
    scale_y = (height - 10) / peak
    baseline = top + height
    paths: list[list[str]] = [[], [], []]
    hovers, labels = [], []
    for month, by_stance in sorted(counts.items()):
        x0, x1 = scale.x(month), scale.x(_next_month(month))
        width = max(1.0, x1 - x0 - 1)
        y = float(baseline)
        for index in (0, 1, 2):
            if n := by_stance[index]:
                h = n * scale_y
                y -= h
                paths[index].append(f"M{x0 + 0.5:.1f} {y:.1f}h{width:.1f}v{h:.1f}h{-width:.1f}z")
        favor, neutral, against = by_stance
        hovers.append(
            f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{height}" class="hover"><title>'
            f"{MONTH_NAMES[month.month]} {month.year}: {favor:,} favor, {neutral:,} neutral, {against:,} against"
            "</title></rect>"
        )
        if show_labels and width >= 16:
            labels.append(
                f'<text x="{x0 + width / 2 + 0.5:.1f}" y="{y - 2:.1f}" class="count">{sum(by_stance):,}</text>'
            )
    out = [
        f'<text x="{LEFT - 8}" y="{top + 8}" text-anchor="end" class="lane-label">{peak:,}</text>',
        f'<text x="{LEFT - 8}" y="{baseline}" text-anchor="end" class="lane-label">per month</text>',
        f'<line x1="{LEFT}" x2="{LEFT + PLOT}" y1="{top + 0.5}" y2="{top + 0.5}" class="grid"/>',
    ]
    out.extend(
        f'<path d="{"".join(segments)}" fill="{COLOURS[stance]}"/>'
        for (stance, _), segments in zip(STANCES, paths, strict=True)
        if segments
    )
    return out + labels + hovers


@dataclass(frozen=True)
class Chart:
    """One rendered chart and what its caption needs."""

    group_id: int
    title: str
    svg: SafeString
    total: int


def stance_charts(
    *,
    buckets: list[StanceBucket],
    titles: dict[int, str],
    id_prefix: str,
    shift_days: dict[int, list[dt.date]] | None = None,
    compact: bool = False,
    span: tuple[dt.date, dt.date] | None = None,
) -> list[Chart]:
    """A chart per group (topic or actor), all on one time scale, busiest group first."""
    span = span or chart_range(buckets)
    if span is None:
        return []
    by_group: dict[int, list[StanceBucket]] = defaultdict(list)
    for bucket in buckets:
        by_group[bucket.group_id].append(bucket)
    charts = [
        Chart(
            group_id=group_id,
            title=titles.get(group_id, ""),
            total=sum(b.count for b in group),
            svg=stance_chart_svg(
                chart_id=f"{id_prefix}-{group_id}",
                title=f"Stance over time: {titles.get(group_id, '')}",
                buckets=group,
                start=span[0],
                end=span[1],
                shift_days=(shift_days or {}).get(group_id, ()),
                compact=compact,
            ),
        )
        for group_id, group in by_group.items()
    ]
    return sorted(charts, key=lambda chart: (-chart.total, chart.title))
