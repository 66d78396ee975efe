"""Issue 14 in a real browser: the keyboard, focus and layout rough edges of a first day of real use."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ReviewEvent, Statement
from tests.e2e.conftest import log_in
from tests.e2e.test_analyst_pages import build_record
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory
from tests.review.fixtures import editors_group  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editors_group")]

PHONE = {"width": 390, "height": 844}


def claims(count: int, **fields) -> list[Claim]:  # noqa: ANN003
    """Pending claims in their own articles, most confident first in the queue."""
    return [ClaimFactory(confidence=0.9 - i / 100, **fields) for i in range(count)]


def current_id(page) -> str:  # noqa: ANN001
    return page.locator("#queue .claim-card.is-current").get_attribute("data-claim-id")


def focused(page, script: str) -> object:  # noqa: ANN001
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()")


def inner_width(element) -> float:  # noqa: ANN001
    """The width a form gives its fields: its box less its padding."""
    return element.evaluate(
        "el => { const s = getComputedStyle(el); return el.clientWidth - parseFloat(s.paddingLeft) - "
        "parseFloat(s.paddingRight); }"
    )


def styled(button) -> bool:  # noqa: ANN001
    return button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 92, 173)"


def open_queue(page) -> None:  # noqa: ANN001
    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/review/")
    expect(page.locator("#queue .claim-card.is-current")).to_have_count(1)


def test_undo_makes_the_restored_claim_current_and_focused(page):
    first, second, third = claims(3)
    open_queue(page)
    page.keyboard.press("j")
    assert current_id(page) == str(second.pk)
    page.keyboard.press("a")
    page.get_by_text("Approved:").wait_for()
    assert current_id(page) == str(third.pk)
    page.keyboard.press("u")
    page.get_by_text("Undone:").wait_for()
    # The restored claim is current and has the focus, so the next key decides the claim the editor sees.
    expect(page.locator(f"#card-{second.pk}.is-current")).to_have_count(1)
    assert focused(page, "el.id") == f"card-{second.pk}"
    page.keyboard.press("x")
    page.get_by_text("Rejected:").wait_for()
    assert Claim.objects.get(pk=second.pk).status == "rejected"
    assert Claim.objects.get(pk=third.pk).status == "pending"
    assert Claim.objects.get(pk=first.pk).status == "pending"


def test_the_reason_box_leaves_with_esc_and_rejects_with_enter(page):
    first, second = claims(2)
    open_queue(page)
    reason = page.locator(f"#reason-{first.pk}")
    reason.fill("not an actor")
    reason.press("Escape")
    assert focused(page, "el.id") == f"card-{first.pk}", "Esc leaves the field for the card"
    page.keyboard.press("x")  # the documented key rejects; it is not typed into the reason
    page.get_by_text("Rejected:").wait_for()
    assert ReviewEvent.objects.get(claim=first).reason == "not an actor"

    reason = page.locator(f"#reason-{second.pk}")
    reason.fill("a headline, not a claim")
    reason.press("Enter")
    expect(page.locator(f"#card-{second.pk}")).to_have_count(0)
    assert ReviewEvent.objects.get(claim=second).reason == "a headline, not a claim"
    page.locator("summary", has_text="Keyboard").click()
    keys = page.locator("details.keys").inner_text()
    assert "Enter" in keys
    assert "Esc" in keys


def test_edit_puts_the_focus_on_the_forms_first_field(page):
    [claim] = claims(1)
    open_queue(page)
    page.keyboard.press("e")
    editing = page.locator(f"#claim-edit-{claim.pk}")
    editing.locator(".nudges").first.wait_for()
    assert focused(page, "el.closest('#claim-edit-" + str(claim.pk) + "') !== null && el.matches('input, select')")
    assert focused(page, "el.getAttribute('type')") != "hidden"
    page.keyboard.type("Peskov")  # typing goes into the field, not to the page's keys
    expect(editing.get_by_label("Search all actors")).to_have_value("Peskov")


def test_approving_a_claim_without_an_actor_says_why_and_opens_the_actor_picker(page):
    [claim] = claims(1, actor=None)
    open_queue(page)
    page.keyboard.press("a")
    expect(page.get_by_text("This claim has no actor yet")).to_be_visible()
    editing = page.locator(f"#claim-edit-{claim.pk}")
    editing.locator(".nudges").first.wait_for()
    assert focused(page, "el.id") == f"actor-q-{claim.pk}", "the actor search has the focus"
    assert Claim.objects.get(pk=claim.pk).status == "pending"
    assert not Statement.objects.exists()


def test_no_page_scrolls_sideways_at_phone_width(page, live_server):
    peskov = build_record()
    statement = Statement.objects.filter(actor=peskov).first()
    article = ArticleFactory(title="A long pipeline day", outlet="Example Wire")
    claim = ClaimFactory(article=article)
    analyst_pages = [
        "/",
        "/actors/",
        f"/actors/{peskov.slug}/",
        f"/actors/{peskov.slug}/shifts/",
        "/topics/peace-talks/",
        "/compare/?topic=peace-talks&actor=dmitry-peskov&actor=volodymyr-zelensky&actor=chuck-schumer",
        "/search/?q=talks",
        f"/statements/{statement.pk}/",
        "/accounts/login/",
    ]
    editor_pages = [
        "/review/",
        "/review/articles/",
        f"/review/articles/{article.pk}/",
        f"/review/claims/{claim.pk}/",
        f"/review/claims/{claim.pk}/edit/",
        f"/review/statements/{statement.pk}/",
        "/articles/",
        "/articles/new/",
        "/topics/manage/",
        "/topics/manage/new/",
    ]
    page.set_viewport_size(PHONE)
    too_wide = {}
    for url in analyst_pages:
        page.goto(url)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            too_wide[url] = width
    EditorFactory(username="eve")
    log_in(page, "eve")
    for url in editor_pages:
        page.goto(url)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            too_wide[url] = width
    assert too_wide == {}, f"pages wider than the phone: {too_wide}"


def test_compare_stacks_by_date_on_a_phone(page, screenshot):
    build_record()
    page.set_viewport_size(PHONE)
    page.goto("/compare/?topic=peace-talks&actor=dmitry-peskov&actor=volodymyr-zelensky")
    first_day = page.locator(".compare-table tbody tr").first
    # One column: the date, then each actor's statements under their name; no empty cell takes room.
    boxes = [first_day.locator(sel).first.bounding_box() for sel in ("th", "td:not(.empty)")]
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1, "the statements sit under the date"
    assert boxes[1]["width"] > PHONE["width"] * 0.8
    assert first_day.locator("td.empty").first.bounding_box() is None or not first_day.locator("td.empty").count()
    screenshot(page, file="compare-phone-top.png")  # the whole page is thousands of pixels tall


@pytest.mark.parametrize("width", [1280, 390])
def test_the_article_form_and_the_login_form_look_like_the_rest(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    form = inner_width(page.locator("main form").first)
    for name in ("Username", "Password"):
        assert page.get_by_label(name).bounding_box()["width"] >= form * 0.98, f"{name} fills the form"
    assert styled(page.get_by_role("button", name="Log in")), "the house's primary button, not the native one"
    screenshot(page, f"login-{width}")

    EditorFactory(username="eve")
    log_in(page, "eve")
    page.goto("/articles/new/")
    form = inner_width(page.locator("form.ingest-form"))
    text = page.get_by_role("textbox", name="Text").bounding_box()
    url = page.get_by_label("URL").bounding_box()
    assert text["width"] >= form * 0.98
    assert text["height"] >= 200
    assert url["width"] >= form * 0.45
    assert styled(page.get_by_role("button", name="Add article"))
    screenshot(page, f"article-new-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_changed_review_pages_fit_and_are_shot(page, screenshot, width):
    """The queue (pending count on the Review link, skipped count), the edit form (new actor's kind and role) and the
    articles list, at desktop and phone width; the screenshots are first-day-*.png."""
    first, _ = claims(2, actor=None)
    ArticleFactory(title="A long pipeline day", outlet="Example Wire")
    page.set_viewport_size({"width": width, "height": 900})
    open_queue(page)
    expect(page.locator(".nav-count")).to_have_text("2")
    for url, name in [
        ("/review/", "queue"),
        (f"/review/claims/{first.pk}/edit/", "claim-edit"),
        ("/articles/", "articles"),
    ]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        screenshot(page, file=f"first-day-{name}-{width}.png")
