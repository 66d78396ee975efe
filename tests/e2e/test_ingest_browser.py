"""An editor adds an article in the browser and follows it through extraction (in-process in the default mode)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article, Claim
from tests.e2e.conftest import log_in
from tests.factories import ArticleFactory, EditorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was ready to negotiate with Ukraine.\n"
    "Chuck Schumer told reporters that the Senate would pass more military aid for Ukraine."
)


def test_an_editor_pastes_an_article_and_sees_its_claims_counted(page, screenshot):
    call_command("load_demo", verbosity=0)
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/")
    page.get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Add an article").click()
    page.get_by_label("Title").fill("Talks and aid")
    page.get_by_label("Outlet").fill("Example News")
    page.get_by_label("Published").fill("2023-12-07")
    page.get_by_role("textbox", name="Text").fill(TEXT)
    screenshot(page, "ingest-form")
    page.get_by_role("button", name="Add article").click()
    # Extraction ran in-process before the page answered: it is done, not "being extracted".
    expect(page.get_by_text(re.compile(r"was stored and read: \d+ candidate claims? to review"))).to_be_visible()
    expect(page.get_by_text("being extracted")).to_have_count(0)

    article = Article.objects.get(title="Talks and aid")
    assert article.status == Article.Status.DONE
    row = page.locator(f"#article-{article.pk}")
    assert "Done" in row.inner_text()
    assert str(Claim.objects.filter(article=article).count()) in row.inner_text()
    screenshot(page, "articles-after-ingest")


def test_a_failed_article_shows_its_error_and_can_be_retried(page, screenshot):
    EditorFactory(username="eve")
    failed = ArticleFactory(title="Broken one", status=Article.Status.FAILED, extraction_error="ValueError: boom")
    log_in(page, "eve")
    page.goto("/articles/")
    row = page.locator(f"#article-{failed.pk}")
    assert "ValueError: boom" in row.inner_text()
    screenshot(page, "articles-failed")
    row.get_by_role("button", name="Retry").click()
    expect(page.get_by_text("sent to extraction again")).to_be_visible()
    failed.refresh_from_db()
    assert failed.status == Article.Status.DONE, "retried, and extracted in-process"
