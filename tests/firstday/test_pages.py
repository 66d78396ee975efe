"""Issue 14 over HTTP: what an editor and an analyst read on their first day (view tests; the browser ones are in
tests/e2e/test_first_day_browser.py)."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from claims.charts import chart_range, stance_chart_svg
from claims.exports import STATEMENT_CSV_COLUMNS
from claims.selectors.analytics import StanceBucket
from claims.services import review
from kb.celery import app
from tests.analyst.conftest import say
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


def streamed(response) -> str:  # noqa: ANN001
    return b"".join(response.streaming_content).decode()


# --- Dates


def test_the_articles_page_writes_dates_like_every_other_page(editor_client):
    ArticleFactory(title="Talks", published_on=dt.date(2023, 12, 7))
    html = editor_client.get(reverse("article-list")).content.decode()
    assert "7 Dec 2023" in html
    assert "Dec. 7, 2023" not in html


# --- Favicon


def test_the_favicon_exists_and_every_page_names_it(anonymous_client):
    response = anonymous_client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    assert finders.find("favicon.ico")
    assert finders.find("favicon.svg")
    assert 'rel="icon"' in anonymous_client.get(reverse("home")).content.decode()


# --- The Review link and the queue's count


def test_an_editor_sees_how_many_claims_wait_on_the_review_link(editor_client, outsider_client, anonymous_client):
    ClaimFactory()
    ClaimFactory(content_fragment="Article number")
    ClaimFactory(status="rejected")
    html = editor_client.get(reverse("home")).content.decode()
    assert 'class="nav-count" title="Claims waiting for review">2</span>' in html
    for other in (outsider_client, anonymous_client):
        assert "nav-count" not in other.get(reverse("home")).content.decode()


def test_skipping_a_claim_does_not_lower_the_pending_count(editor_client):
    first, second = ClaimFactory(), ClaimFactory(content_fragment="Article number")
    before = editor_client.get(reverse("review-queue")).content.decode()
    assert "<strong>2</strong> pending claims" in before
    editor_client.post(reverse("review-claim-skip", args=[first.pk]), {"article": first.article_id})
    after = editor_client.get(reverse("review-queue")).content.decode()
    assert "<strong>2</strong> pending claims, 1 of them skipped by you." in after
    assert f'id="card-{first.pk}"' not in after
    assert f'id="card-{second.pk}"' in after


def test_undo_brings_the_claim_back_as_the_current_card(editor_client, editor):
    # Ten more confident claims would push the undone one down the queue; it comes back marked as the one to focus.
    claims = [ClaimFactory(confidence=0.9, content_fragment="Russia was ready") for _ in range(3)]
    undone = ClaimFactory(confidence=0.1)
    review.claim_approve(claim_id=undone.pk, editor=editor)
    response = editor_client.post(reverse("review-undo"), {"next": reverse("review-queue")}, follow=True)
    html = response.content.decode()
    assert f'data-focus="{undone.pk}"' in html
    assert html.index(f'id="card-{undone.pk}"') > html.index(f'id="card-{claims[0].pk}"'), "queue order kept"
    # Only once: the next page load has no focus request left.
    assert "data-focus" not in editor_client.get(reverse("review-queue")).content.decode()


# --- Censored cues


def test_a_censored_cue_is_shown_as_a_censored_word(anonymous_client, editor_client):
    actor = ActorFactory(name="Larry Johnson", slug="larry-johnson")
    article = ArticleFactory(text="Larry Johnson ** that Russia was ready to negotiate. Nothing else.")
    statement = StatementFactory(actor=actor, article=article, cue_text="**")
    claim = ClaimFactory(article=article, speaker_fragment="Larry Johnson", cue_fragment="**", actor=actor)
    for client, url in [
        (anonymous_client, reverse("actor-detail", args=["larry-johnson"])),
        (anonymous_client, statement.get_absolute_url()),
        (editor_client, reverse("review-queue")),
        (editor_client, reverse("review-claim", args=[claim.pk])),
    ]:
        html = client.get(url).content.decode()
        assert 'class="censored"' in html, url
        # The source text keeps its asterisks (excerpts, highlights); headers name the cue.
        assert not re.search(r'(title="Reporting verb"|class="muted")>\s*\*\*\s*<', html), f"{url}: cue shown as **"


# --- Exports


def test_both_csv_exports_have_the_same_documented_columns_and_values(anonymous_client):
    actor = ActorFactory(name="Priya Mehta", slug="priya-mehta", wikidata_id="Q42")
    topic = TopicFactory(name="Energy", slug="energy")
    say(actor, "that gas storage was full", topic=topic, stance="favor", on="2024-01-01")
    say(actor, "that coal must go", stance="against", on="2024-02-01")
    pages = streamed(anonymous_client.get("/statements/export.csv?actor=priya-mehta&sort=oldest"))
    api = streamed(anonymous_client.get("/api/statements/export?format=csv&actor=priya-mehta"))
    page_rows, api_rows = (list(csv.DictReader(io.StringIO(body))) for body in (pages, api))
    assert list(page_rows[0]) == list(api_rows[0]) == list(STATEMENT_CSV_COLUMNS)
    assert page_rows == api_rows
    assert page_rows[0]["actor_wikidata_id"] == "Q42"
    assert page_rows[0]["permalink"].endswith(f"/statements/{page_rows[0]['id']}/")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in readme for column in STATEMENT_CSV_COLUMNS), "every column is documented"


# --- The stance chart


def test_a_chart_of_one_month_spans_several_so_its_bar_is_not_the_whole_width():
    buckets = [StanceBucket(1, dt.date(2023, 12, 5), "favor", 4, False)]
    start, end = chart_range(buckets)
    assert (end.year - start.year) * 12 + end.month - start.month >= 6
    assert start <= dt.date(2023, 12, 1)
    assert end >= dt.date(2024, 1, 1)
    svg = stance_chart_svg(chart_id="c", title="T", buckets=buckets, start=start, end=end)
    widths = [float(part.split("h")[1].split("v")[0]) for part in svg.split('d="M')[1:] if "h" in part]
    assert widths
    assert max(widths) < 760 / 4


# --- After submitting an article


@pytest.mark.django_db(transaction=True)
def test_a_new_article_is_not_said_to_be_extracted_once_it_is(editor_client):
    # With no broker the extraction runs when the ingest commits, before the page answers: say what it found.
    if not app.conf.task_always_eager:
        pytest.skip("a real broker is configured: extraction does run later")
    response = editor_client.post(
        reverse("article-new"),
        {
            "title": "Talks",
            "outlet": "Example News",
            "published_on": "2023-12-07",
            "text": "Dmitry Peskov said that Russia was ready to negotiate with Ukraine.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "being extracted" not in html
    assert "was stored and read: 1 candidate claim to review" in html
