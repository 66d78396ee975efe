"""The article view: every claim highlighted by status, and a missed statement added by selecting its words."""

import pytest

from claims.models import Claim, Statement
from tests.e2e.conftest import log_in
from tests.e2e.test_review_queue import seed_claims  # noqa: F401 (fixture)
from tests.factories import EditorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SELECT_TEXT = """([fragment, occurrence]) => {
  const container = document.getElementById("article-text");
  const full = container.textContent;
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = full.indexOf(fragment, at + 1);
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


def test_an_editor_adds_a_missed_statement_by_selecting_it(page, screenshot, seed_claims):  # noqa: F811
    Claim.objects.filter(pk=seed_claims["noise"].pk).update(status=Claim.Status.REJECTED)
    article = seed_claims["peskov"].article
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto(f"/review/articles/{article.pk}/")

    text = page.locator("#article-text")
    assert text.inner_text() == article.text  # the page shows the stored text, character for character
    assert text.locator("mark.claim-pending").count() >= 2
    assert text.locator("mark.claim-rejected.role-content").inner_text() == "an extension of the wartime state"
    assert text.locator("mark.claim-rejected.role-speaker").inner_text() == "Ukraine"

    content = "the United States will stop aiding Ukraine"
    page.evaluate(SELECT_TEXT, [content, 0])
    page.get_by_role("button", name="Use selection").first.click()
    page.evaluate(SELECT_TEXT, ["Saranda Young", 0])
    page.locator("[data-use-selection=speaker]").click()
    page.get_by_label("or a new actor named").fill("Shalanda Young")
    page.get_by_label("Stance").select_option("against")
    screenshot(page, "selection-filled")
    page.get_by_role("button", name="Add statement").click()

    page.get_by_text("Added: Shalanda Young").wait_for()
    statement = Statement.objects.select_related("actor", "claim").get()
    assert statement.text == content
    assert article.text[statement.start : statement.end] == content
    assert statement.claim.speaker_text == "Saranda Young"
    assert sorted(statement.actor.aliases.values_list("name", flat=True)) == ["Saranda Young", "Shalanda Young"]
    assert page.locator("#article-text mark.claim-approved", has_text=content).count() == 1
    screenshot(page, "after-adding")
