"""An editor defines a topic in a real browser: the live preview shows what it matches before it is saved, and a
re-run puts the seed article's pending claims on it."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Topic
from tests.e2e.conftest import log_in
from tests.factories import EditorFactory
from tests.review.fixtures import editors_group  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editors_group")]


def test_an_editor_creates_a_topic_previews_it_and_reruns_it_on_pending_claims(page, screenshot, seed_article) -> None:  # noqa: ANN001
    pending = Claim.objects.filter(status=Claim.Status.PENDING).count()
    EditorFactory(username="tess")
    log_in(page, "tess")
    page.goto("/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    expect(page.get_by_role("heading", name="Topics", exact=True)).to_be_visible()
    page.get_by_role("link", name="New topic").click()

    page.get_by_label("Name").fill("Elections in wartime Ukraine")
    page.get_by_label("Keywords").fill("election\nwartime state")
    # The preview follows the typing (htmx, after a pause): nothing is saved yet.
    summary = page.locator("#topic-preview .preview-summary")
    expect(summary).to_contain_text(re.compile(r"Matches [1-9]\d* of the 20 latest claims"))
    expect(page.locator("#topic-preview")).to_contain_text("elections cannot be held in wartime")
    assert not Topic.objects.filter(name="Elections in wartime Ukraine").exists()
    matched = int(summary.get_attribute("data-matched"))
    page.get_by_label("Favour phrases").fill("extension")
    expect(page.locator("#topic-preview .preview-row .stance-favor").first).to_be_visible()
    screenshot(page, "preview")

    page.get_by_role("button", name="Create topic").click()
    expect(page.locator(".messages")).to_contain_text("Saved “Elections in wartime Ukraine”")
    topic = Topic.objects.get(name="Elections in wartime Ukraine")
    assert topic.keywords == ["election", "wartime state"]
    assert topic.favor_phrases == ["extension"]
    assert not Claim.objects.filter(topic=topic).exists()  # extracted claims keep their topic until a re-run

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    page.get_by_role("button", name="Re-run topic and stance on pending claims").click()
    notice = page.locator(".messages")
    expect(notice).to_contain_text(f"Re-ran topic and stance on {pending} pending claims:")
    on_topic = Claim.objects.filter(topic=topic, status=Claim.Status.PENDING).count()
    assert on_topic >= matched > 0
    expect(notice).to_contain_text(f"{on_topic} changed topic or stance")
    expect(page.locator(f"#topic-{topic.pk}")).to_contain_text(str(on_topic))
    screenshot(page, "rerun")
