"""The stance chart's SVG and the statement text filters, on values made up for the test."""

import datetime as dt

import pytest

from claims.charts import chart_range, stance_chart_svg
from claims.models import Statement
from claims.selectors.analytics import EXACT_DAYS_LIMIT, StanceBucket, stance_buckets
from claims.selectors.statements import HEADLINE_START, HEADLINE_STOP
from claims.templatetags.analyst import article_excerpt, http_url, statement_text
from tests.analyst.conftest import say
from tests.factories import ActorFactory, TopicFactory


def bucket(day: str, stance: str, count: int = 1, by_month: bool = False) -> StanceBucket:
    return StanceBucket(1, dt.date.fromisoformat(day), stance, count, by_month)


def test_a_chart_has_an_accessible_title_and_description_and_a_dot_per_day():
    buckets = [bucket("2024-01-05", "favor"), bucket("2024-03-20", "against", 2)]
    start, end = chart_range(buckets)
    svg = stance_chart_svg(chart_id="c1", title="Stance over time: <Energy>", buckets=buckets, start=start, end=end)
    assert svg.startswith('<svg class="stance-chart"')
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Stance over time: &lt;Energy&gt;</title>' in svg
    assert "3 statements from January 2024 to March 2024: 1 favor, 0 neutral, 2 against." in svg
    assert svg.count("<circle") == 2 + 3  # two dots, three legend swatches
    assert "<title>20 Mar 2024: 2 statements, against</title>" in svg
    assert "March 2024: 0 favor, 0 neutral, 2 against" in svg  # the month's count


def test_a_busy_chart_shows_monthly_counts_without_a_dot_per_statement():
    buckets = [bucket(f"2020-{m:02d}-01", "favor", 500, by_month=True) for m in range(1, 13)]
    start, end = chart_range(buckets)
    svg = stance_chart_svg(chart_id="c2", title="Busy", buckets=buckets, start=start, end=end)
    assert svg.count("<circle") == 3  # the legend only
    assert "Statements per month, by stance" in svg
    assert "December 2020: 500 favor, 0 neutral, 0 against" in svg


def test_shift_marks_are_drawn_and_described():
    buckets = [bucket("2024-01-05", "favor"), bucket("2024-02-05", "against")]
    start, end = chart_range(buckets)
    svg = stance_chart_svg(
        chart_id="c3", title="T", buckets=buckets, start=start, end=end, shift_days=[dt.date(2024, 2, 5)]
    )
    assert svg.count('class="shift-mark"') == 2  # the mark and its legend entry
    assert "1 stance shift marked." in svg


@pytest.mark.django_db
def test_buckets_switch_from_days_to_months_past_the_limit():
    actor, topic = ActorFactory(), TopicFactory()
    article = say(actor, "that it was so").article
    Statement.objects.all().delete()
    for i in range(EXACT_DAYS_LIMIT + 1):
        say(actor, "that it was so", article=article, topic=topic, on=dt.date(2020, 1, 1) + dt.timedelta(days=i))
    buckets = stance_buckets(by="topic", actor_ids=[actor.pk])
    assert all(b.by_month and b.day.day == 1 for b in buckets)
    assert sum(b.count for b in buckets) == EXACT_DAYS_LIMIT + 1


class Row:
    def __init__(self, text: str, kind: str = "indirect", **extra: object) -> None:
        self.text, self.kind, self.start, self.end = text, kind, extra.pop("start", 0), extra.pop("end", 0)
        self.__dict__.update(extra)


def test_a_direct_quote_is_marked_as_a_quotation():
    assert statement_text(Row("We will win", "direct")) == '<q class="quote">We will win</q>'


def test_quoted_passages_inside_a_statement_are_marked():
    html = statement_text(Row('that the plan was \u201ca farce\u201d and "dead"', "mixed"))
    assert html == 'that the plan was <q class="quote">a farce</q> and <q class="quote">dead</q>'


def test_headline_marks_become_mark_tags_and_stay_balanced_across_quotes():
    text = f'that {HEADLINE_START}gas "prices{HEADLINE_STOP}" <b>rose</b>'
    html = statement_text(Row("unused", "mixed", headline=text))
    assert html == 'that <mark>gas </mark><q class="quote"><mark>prices</mark></q> &lt;b&gt;rose&lt;/b&gt;'


def test_the_excerpt_is_cut_at_words_and_escaped():
    row = Row(
        "x",
        start=500,
        end=510,
        excerpt_before="partial words before <i>",
        excerpt_span="the <span>",
        excerpt_after="after " * 40,
    )
    html = article_excerpt(row)
    assert html.startswith("\u2026words before &lt;i&gt;<mark>the &lt;span&gt;</mark>after")
    assert html.endswith("\u2026")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("HTTP://a.example", "HTTP://a.example"),
        ("javascript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("ftp://a.example", ""),
        ("", ""),
        (None, ""),
        ("http://[::1", ""),
    ],
)
def test_only_http_urls_survive(url, expected):
    assert http_url(url) == expected
