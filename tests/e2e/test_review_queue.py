"""An editor works through the seed article's claims in a real browser, keyboard first."""

import pytest
from django.core.management import call_command

from actors.models import Actor
from claims.models import Article, Claim, Statement, Topic
from tests.e2e.conftest import log_in
from tests.factories import ClaimFactory, EditorFactory

# serialized_rollback: each test starts with the editors group the migrations made, which a flush would remove.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _span(text: str, fragment: str, after: str = "") -> tuple[int, int]:
    start = text.index(fragment, text.index(after) if after else 0)
    return start, start + len(fragment)


def _claim(article: Article, *, speaker: str, cue: str, content: str, after: str = "", **kwargs) -> Claim:
    """A candidate claim on the seed article, spans found in its stored text as the extractor would give them."""
    text = article.text
    speaker_start, speaker_end = _span(text, speaker, after)
    cue_start, cue_end = _span(text, cue, after or speaker)
    content_start, content_end = _span(text, content, after or speaker)
    return ClaimFactory(
        article=article,
        speaker_text=speaker,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        cue_text=cue,
        cue_start=cue_start,
        cue_end=cue_end,
        content_text=content,
        content_start=content_start,
        content_end=content_end,
        **kwargs,
    )


@pytest.fixture
def seed_claims() -> dict[str, Claim]:
    call_command("load_demo", verbosity=0)
    article = Article.objects.get()
    actors = {a.slug: a for a in Actor.objects.all()}
    peace = Topic.objects.get(slug="russia-ukraine-peace-negotiations")
    aid = Topic.objects.get(slug="us-military-aid-to-ukraine")
    peskov = _claim(
        article,
        speaker="Dmitry Peskov",
        cue="said",
        content="that Russia had been ready to negotiate with Ukraine on the conflict",
        actor=actors["dmitry-peskov"],
        topic=peace,
        confidence=0.93,
        rationale=["press secretary Dmitry Peskov", "ready to negotiate"],
    )
    schumer = _claim(
        article,
        speaker="Schumer",
        cue="said",
        content="that Ukraine said to him",
        after="Schumer also said",
        actor=actors["volodymyr-zelensky"],  # the extractor linked the wrong person
        topic=aid,
        stance="neutral",
        confidence=0.81,
    )
    schumer.actor_candidates.set([actors["chuck-schumer"], actors["volodymyr-zelensky"]])
    noise = _claim(
        article,
        speaker="Ukraine",
        cue="announced",
        content="an extension of the wartime state",
        after="According to reports",
        actor=None,
        topic=None,
        stance="",
        confidence=0.42,
    )
    return {"peskov": peskov, "schumer": schumer, "noise": noise}


def test_an_editor_approves_fixes_and_rejects_seed_claims_with_the_keyboard(page, screenshot, seed_claims):
    EditorFactory(username="eve")
    log_in(page, "eve")

    page.goto("/review/")
    cards = page.locator("#queue .claim-card")
    assert cards.count() == 3
    assert "Dmitry Peskov" in cards.first.locator(".card-title").inner_text()
    assert page.locator("#queue .claim-card.is-current").first.get_attribute("data-claim-id") == str(
        seed_claims["peskov"].pk
    )
    assert cards.first.locator("mark.hl-speaker").first.inner_text() == "Dmitry Peskov"
    screenshot(page, "1-queue")

    # 1. approve the most confident claim with the keyboard; the queue advances by itself
    page.keyboard.press("a")
    page.get_by_text("Approved: Dmitry Peskov").wait_for()
    assert cards.count() == 2
    current = page.locator("#queue .claim-card.is-current")
    assert current.get_attribute("data-claim-id") == str(seed_claims["schumer"].pk)

    # 2. fix the actor of the next one: open it with "e", search all actors, pick Chuck Schumer, approve
    page.keyboard.press("e")
    editor = page.locator(f"#claim-edit-{seed_claims['schumer'].pk}")
    editor.wait_for()
    editor.get_by_label("Search all actors").fill("Schumer")
    editor.locator(".actor-results").get_by_label("Chuck Schumer").check()
    editor.get_by_role("button", name="word ▶").last.click()  # extend the content by one word
    assert editor.locator(".content-preview").inner_text() == "that Ukraine said to him:"
    screenshot(page, "2-edit")
    editor.get_by_role("button", name="Save and approve").click()
    page.get_by_text("Approved: Chuck Schumer").wait_for()

    # 3. reject the third with a reason
    card = page.locator(f"#card-{seed_claims['noise'].pk}")
    card.get_by_placeholder("Reason (optional)").fill("Not a statement: a report of an announcement")
    card.focus()
    page.keyboard.press("x")
    page.get_by_text("Nothing left to review").wait_for()
    screenshot(page, "3-empty-queue")

    statements = {s.claim_id: s for s in Statement.objects.select_related("actor")}
    assert set(statements) == {seed_claims["peskov"].pk, seed_claims["schumer"].pk}
    assert statements[seed_claims["schumer"].pk].actor.slug == "chuck-schumer"
    assert statements[seed_claims["schumer"].pk].text == "that Ukraine said to him:"
    noise = Claim.objects.get(pk=seed_claims["noise"].pk)
    assert (noise.status, noise.reject_reason) == ("rejected", "Not a statement: a report of an announcement")

    # 4. the approved statements are on the actors' pages at once
    page.goto("/actors/dmitry-peskov/")
    assert page.get_by_text("that Russia had been ready to negotiate with Ukraine on the conflict").is_visible()
    screenshot(page, "4-peskov-page")
    page.goto("/actors/chuck-schumer/")
    assert page.get_by_text("that Ukraine said to him:").is_visible()


def test_undo_brings_the_last_decision_back(page, seed_claims):
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/review/")
    page.keyboard.press("a")
    page.get_by_text("Approved: Dmitry Peskov").wait_for()
    page.keyboard.press("u")
    page.get_by_text("is pending again").wait_for()
    assert page.locator("#queue .claim-card").count() == 3
    assert not Statement.objects.exists()


def test_space_skips_and_j_k_move(page, seed_claims):
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/review/")
    page.keyboard.press("j")
    assert page.locator("#queue .claim-card.is-current").get_attribute("data-claim-id") == str(
        seed_claims["schumer"].pk
    )
    page.keyboard.press("k")
    page.keyboard.press(" ")
    page.get_by_text("Skipped for now").wait_for()
    ids = page.locator("#queue .claim-card").evaluate_all("cards => cards.map(c => c.dataset.claimId)")
    assert ids == [str(seed_claims["schumer"].pk), str(seed_claims["noise"].pk)]
    assert Claim.objects.get(pk=seed_claims["peskov"].pk).status == "pending"


def test_the_queue_reads_well_at_phone_width(browser, live_server, screenshot, seed_claims):
    EditorFactory(username="eve")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, "eve")
        page.goto("/review/")
        screenshot(page, "phone-queue")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways ({width}px)"
        page.goto(f"/review/articles/{seed_claims['peskov'].article_id}/")
        screenshot(page, "phone-article")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
