"""The analyst pages in a real browser: the actor page with its stance charts, and the comparison."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.analyst.conftest import say
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINES = [
    ("that Russia was ready to negotiate without preconditions", "favor"),
    ("that the talks in Istanbul had produced a draft", "favor"),
    ("that Kyiv had walked away from the table", "against"),
    ('that any deal must reflect "the realities on the ground"', "against"),
    ("that contacts with Washington continued at a working level", "neutral"),
    ("that a ceasefire was possible if the West stopped arming Ukraine", "favor"),
]


def build_record():  # noqa: ANN201
    peskov = ActorFactory(
        name="Dmitry Peskov",
        slug="dmitry-peskov",
        role="Press Secretary of the President of Russia",
        country="Russia",
        wikidata_id="Q4155603",
    )
    for name, is_role in [("Peskov", False), ("Dmitri Peskov", False), ("Kremlin spokesman", True)]:
        AliasFactory(actor=peskov, name=name, is_role=is_role)
    zelensky = ActorFactory(name="Volodymyr Zelensky", slug="volodymyr-zelensky", role="President of Ukraine")
    schumer = ActorFactory(name="Chuck Schumer", slug="chuck-schumer", role="US Senate Majority Leader")
    talks = TopicFactory(name="Russia–Ukraine peace negotiations", slug="peace-talks")
    aid = TopicFactory(name="US military aid to Ukraine", slug="military-aid")
    start = dt.date(2022, 3, 1)
    for i in range(36):
        text, stance = LINES[i % len(LINES)]
        on = start + dt.timedelta(days=i * 19)
        article = ArticleFactory(
            title=f"Kremlin briefing, {on:%d %B %Y}",
            outlet="Example Wire",
            url=f"https://news.example/briefing-{i}",
            text=f"MOSCOW, {on:%B %d}. At his daily call with reporters, Dmitry Peskov said {text}. "
            "He declined to comment on reports of a prisoner exchange.",
        )
        say(
            peskov,
            text,
            article=article,
            topic=[talks, aid][i % 3 == 2],
            stance=stance,
            on=on,
            kind="mixed" if '"' in text else "indirect",
        )
        say(
            zelensky,
            "that Ukraine would not trade territory for peace",
            topic=talks,
            stance=["against", "against", "neutral"][i % 3],
            on=on + dt.timedelta(days=2),
        )
        if i % 2:
            say(
                schumer,
                "that the Senate would pass the aid package",
                topic=[aid, talks][i % 4 == 1],
                stance=["favor", "neutral"][i % 4 == 1],
                on=on + dt.timedelta(days=5),
                kind="direct",
            )
    return peskov


def test_the_actor_page_shows_timeline_charts_and_shifts(page, screenshot):
    build_record()
    page.goto("/actors/dmitry-peskov/")
    assert page.get_by_role("heading", name="Dmitry Peskov", level=1).is_visible()
    charts = page.locator("svg.stance-chart")
    assert charts.count() == 2
    assert charts.first.get_attribute("role") == "img"
    assert page.locator("article.statement").count() == 25
    assert page.locator("article.statement.is-shift").count() > 0
    assert page.get_by_role("heading", name="Stance shifts").is_visible()
    # The source excerpt opens from the keyboard.
    page.locator("details.excerpt summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.excerpt[open] mark").first).to_be_visible()
    screenshot(page, "actor-page")
    screenshot(page.locator("header.page-header"), file="actor-page-header.png")
    screenshot(page.locator("section.charts"), file="actor-page-charts.png")
    screenshot(page.locator("div.columns"), file="actor-page-timeline.png")

    page.get_by_label("Search").fill("ceasefire")
    page.get_by_role("button", name="Apply").click()
    # The unfiltered page has highlights too: retry until the filtered one is shown.
    expect(page.locator("article.statement mark").first).to_have_text(re.compile("^ceasefire$", re.IGNORECASE))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/actors/dmitry-peskov/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width}px)"
    screenshot(page, "actor-page-phone")
    screenshot(page, file="actor-page-phone-top.png")


def test_the_compare_page_puts_actors_side_by_side(page, screenshot):
    build_record()
    page.goto("/compare/")
    page.get_by_label("Topic").select_option("peace-talks")
    page.get_by_label("Actor 1").select_option("dmitry-peskov")
    page.get_by_label("Actor 2").select_option("volodymyr-zelensky")
    page.get_by_label("Actor 3 (optional)").select_option("chuck-schumer")
    page.get_by_role("button", name="Compare").click()
    # The form alone has no table: wait for the comparison before reading it.
    expect(page.locator(".comparison svg.stance-chart")).to_have_count(3)
    headers = page.locator(".compare-table thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in headers] == ["Date", "Dmitry Peskov", "Volodymyr Zelensky", "Chuck Schumer"]
    screenshot(page, "compare")
    top = {"x": 0, "y": 280, "width": 1280, "height": 1100}
    screenshot(page, file="compare-top.png", full_page=True, clip=top)
