"""An editor works through the seed article's extracted claims in a real browser, keyboard first."""

import pytest
from playwright.sync_api import expect

from actors.models import Actor
from claims.models import Article, Claim, Statement
from tests.e2e.conftest import log_in
from tests.factories import EditorFactory
from tests.review.fixtures import editors_group  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editors_group")]


def claim_starting(article: Article, content: str) -> Claim:
    return Claim.objects.get(article=article, content_text__startswith=content)


def current_id(page) -> str:
    return page.locator("#queue .claim-card.is-current").get_attribute("data-claim-id")


def move_to(page, claim: Claim) -> None:
    """Press j until the claim is the current card."""
    for _ in range(25):
        if current_id(page) == str(claim.pk):
            return
        page.keyboard.press("j")
    raise AssertionError(f"claim {claim.pk} is not in the queue")


def test_an_editor_approves_fixes_and_rejects_seed_claims_with_the_keyboard(page, screenshot, seed_article):
    peskov = claim_starting(seed_article, "that Russia had been ready to negotiate")
    young = claim_starting(seed_article, "that if there is no more money")
    reports = claim_starting(seed_article, "Ukraine announced an extension of the wartime state")
    assert young.actor is None  # "Saranda Young" is in no gazetteer
    EditorFactory(username="eve")
    log_in(page, "eve")

    page.goto("/review/")
    assert current_id(page) == str(peskov.pk)  # most confident, then oldest
    first = page.locator(f"#card-{peskov.pk} blockquote.excerpt")
    assert first.locator("mark.hl-speaker").inner_text() == "Russian press secretary Dmitry Peskov"
    assert first.locator("mark.hl-cue").inner_text() == "said"
    screenshot(page, "1-queue")
    screenshot(page, file="review-queue-viewport.png")

    # 1. approve the most confident claim with the keyboard; the queue advances by itself
    page.keyboard.press("a")
    page.get_by_text("Approved: Dmitry Peskov").wait_for()
    expect(page.locator(f"#card-{peskov.pk}")).to_have_count(0)
    assert current_id(page) != str(peskov.pk)

    # 2. fix the actor of another: Saranda Young is a new actor (the article misspells Shalanda Young)
    move_to(page, young)
    page.keyboard.press("e")
    editor = page.locator(f"#claim-edit-{young.pk}")
    editor.wait_for()
    # htmx binds the search box when the swap settles; the word nudges appear at that same moment
    editor.locator(".nudges").first.wait_for()
    editor.get_by_label("Search all actors").fill("Young")
    editor.get_by_text("No actor matches “Young”").wait_for()
    editor.get_by_label("New actor's name").fill("Shalanda Young")
    expect(editor.locator("input[name=actor_choice][value=new]")).to_be_checked()
    screenshot(page, "2-edit")
    screenshot(editor, file="review-edit-panel.png")  # a full page of a long queue is too tall to read
    editor.get_by_role("button", name="Save and approve").click()
    page.get_by_text("Approved: Shalanda Young").wait_for()

    # 3. reject a third, with a reason: a report, not anybody's statement
    move_to(page, reports)
    page.locator(f"#card-{reports.pk}").get_by_placeholder("Reason (optional)").fill("A report, not a statement")
    page.locator(f"#card-{reports.pk}").focus()
    page.keyboard.press("x")
    page.get_by_text("Rejected: “Ukraine announced").wait_for()
    screenshot(page, "3-after-reject")

    statements = {s.claim_id: s for s in Statement.objects.select_related("actor")}
    assert set(statements) == {peskov.pk, young.pk}
    shalanda = Actor.objects.get(slug="shalanda-young")
    assert statements[young.pk].actor == shalanda
    assert sorted(shalanda.aliases.values_list("name", flat=True)) == ["Saranda Young", "Shalanda Young"]
    reports.refresh_from_db()
    assert (reports.status, reports.reject_reason) == ("rejected", "A report, not a statement")

    # the decisions are in the claim's history and the statement's
    page.goto(f"/review/claims/{young.pk}/")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    screenshot(page.locator("main"), file="review-claim-history.png")
    page.goto(f"/review/statements/{statements[young.pk].pk}/")
    expect(page.locator(".event-approve")).to_have_count(1)
    screenshot(page, file="review-statement-page.png")

    # 4. the approved statements are on the actors' pages at once
    page.goto("/actors/dmitry-peskov/")
    said = page.get_by_text("that Russia had been ready to negotiate with Ukraine on the conflict")
    expect(said.first).to_be_visible()
    screenshot(page, "4-peskov-page")
    page.goto("/actors/shalanda-young/")
    expect(page.get_by_text("the United States will stop aiding Ukraine", exact=False).first).to_be_visible()


def test_undo_brings_the_last_decision_back(page, seed_article):
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/review/")
    first = current_id(page)
    page.keyboard.press("a")
    page.get_by_text("Approved:").wait_for()
    assert current_id(page) != first
    page.keyboard.press("u")
    page.get_by_text("is pending again").wait_for()
    expect(page.locator(f"#card-{first}")).to_have_count(1)
    assert not Statement.objects.exists()


def test_space_skips_and_j_k_move(page, seed_article):
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/review/")
    ids = page.locator("#queue .claim-card").evaluate_all("cards => cards.map(c => c.dataset.claimId)")
    page.keyboard.press("j")
    assert current_id(page) == ids[1]
    page.keyboard.press("k")
    assert current_id(page) == ids[0]
    page.keyboard.press(" ")
    page.get_by_text("Skipped for now").wait_for()
    expect(page.locator(f"#card-{ids[0]}")).to_have_count(0)
    assert current_id(page) == ids[1]
    assert Claim.objects.get(pk=ids[0]).status == "pending"


def test_a_fast_editor_decides_on_the_next_card_the_moment_it_shows(page, seed_article):
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/review/")
    page.evaluate("window.notReloaded = true")  # gone if a key posts a plain form instead of going through htmx
    first = current_id(page)
    page.keyboard.press("a")
    page.get_by_text("Approved:").wait_for()
    # No pause: the swapped-in card must already take keys (htmx used to wire it up 20 ms after showing it).
    page.keyboard.press("x")
    page.get_by_text("Rejected:").wait_for()
    assert page.evaluate("window.notReloaded === true")
    assert Claim.objects.get(pk=first).status == "approved"
    assert Claim.objects.filter(status=Claim.Status.REJECTED).count() == 1


def test_the_queue_reads_well_at_phone_width(page, screenshot, seed_article):
    EditorFactory(username="eve")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "eve")
    page.goto("/review/")
    screenshot(page, file="review-phone-queue.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the queue scrolls sideways ({width}px)"
    page.goto(f"/review/articles/{seed_article.pk}/")
    screenshot(page, file="review-phone-article.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the article view scrolls sideways ({width}px)"
