"""The article view: every claim highlighted by status, and a missed statement added by selecting its words."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Statement
from claims.services import review
from tests.e2e.conftest import log_in
from tests.e2e.test_review_queue import claim_starting
from tests.factories import EditorFactory
from tests.review.fixtures import editors_group  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editors_group")]

# Selects `fragment` where it occurs inside `context` in the article text, as a mouse drag would.
SELECT_TEXT = """([fragment, context]) => {
  const container = document.getElementById("article-text");
  const full = container.textContent;
  const at = full.indexOf(context) + context.indexOf(fragment);
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (seen <= at && at < seen + length) range.setStart(node, at - seen);
    const end = at + fragment.length;
    if (seen < end && end <= seen + length) range.setEnd(node, end - seen);
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_an_editor_adds_a_missed_statement_by_selecting_it(page, screenshot, seed_article):
    # The extractor reads "he informed senators ... and urged them ..." as reported speech of nobody in particular.
    missed = "urged them to agree to provide assistance to Ukraine in a vote the next day"
    assert not Claim.objects.filter(article=seed_article, content_start=seed_article.text.index(missed)).exists()
    announced = claim_starting(seed_article, "an extension of the wartime state")
    review.claim_reject(claim_id=announced.pk, editor=EditorFactory(username="rita"))
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto(f"/review/articles/{seed_article.pk}/")

    text = page.locator("#article-text")
    assert text.inner_text() == seed_article.text  # the stored text, character for character
    assert text.locator("mark.claim-pending").count() >= 10
    assert text.locator("mark.claim-rejected.role-speaker").inner_text() == "Ukraine"

    page.evaluate(SELECT_TEXT, [missed, missed])
    page.locator("[data-use-selection=content]").click()
    expect(page.locator("#content-preview")).to_have_text(f"“{missed}”")
    page.evaluate(SELECT_TEXT, ["he", "at which he informed"])
    page.locator("[data-use-selection=speaker]").click()
    page.evaluate(SELECT_TEXT, ["urged", missed])
    page.locator("[data-use-selection=cue]").click()
    page.get_by_label("Actor", exact=True).select_option(label="Volodymyr Zelensky")
    page.get_by_label("Stance").select_option("favor")
    screenshot(page, "selection-filled")
    screenshot(page.locator(".article-side"), file="review-article-form.png")
    page.get_by_role("button", name="Add statement").click()

    page.get_by_text("Added: Volodymyr Zelensky").wait_for()
    statement = Statement.objects.select_related("actor", "claim").get()
    assert (statement.actor.slug, statement.stance, statement.cue_text) == ("volodymyr-zelensky", "favor", "urged")
    assert seed_article.text[statement.start : statement.end] == statement.text == missed
    assert (statement.claim.speaker_text, statement.claim.origin) == ("he", "editor")
    expect(page.locator("#article-text mark.claim-approved", has_text="agree to provide").first).to_be_visible()
    screenshot(page, "after-adding")
