"""Hostile text never runs: article text, statement text and URLs are escaped; only http(s) URLs become links."""

import pytest

from tests.analyst.conftest import say
from tests.factories import ActorFactory, ArticleFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture
def hostile():
    actor = ActorFactory(name=f"Eve {SCRIPT}", slug="eve")
    topic = TopicFactory(name=f"Topic {IMG}", slug="hostile-topic")
    text = f'that {SCRIPT} and "{IMG}" were fine'
    article = ArticleFactory(
        title=f"Title {SCRIPT}",
        outlet=f"Outlet {IMG}",
        url="javascript:alert(3)",
        text=f"{SCRIPT} before. Eve said {text}. After {IMG} the end.",
    )
    statement = StatementFactory(actor=actor, article=article, text=text, topic=topic, stance="favor", cue_text=IMG)
    return statement


PAGES = [
    "/",
    "/actors/",
    "/actors/eve/",
    "/actors/eve/?q=alert",
    "/actors/eve/shifts/",
    "/topics/hostile-topic/",
    "/search/?q=script",
    "/compare/?topic=hostile-topic&actor=eve&actor=eve-2",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_page_contains_live_markup_from_the_data(anonymous_client, hostile, url):
    ActorFactory(name="Eve Two", slug="eve-2")
    html = anonymous_client.get(url).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in html


def test_the_permalink_page_shows_the_payloads_as_text(anonymous_client, hostile):
    html = anonymous_client.get(f"/statements/{hostile.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_a_javascript_url_is_never_a_link_but_an_https_url_is(anonymous_client, hostile):
    html = anonymous_client.get("/actors/eve/").content.decode()
    assert "source-link" not in html
    assert "Title &lt;script&gt;" in html
    hostile.article.url = "https://news.example/story?a=1&b=2"
    hostile.article.save()
    html = anonymous_client.get("/actors/eve/").content.decode()
    link = 'href="https://news.example/story?a=1&amp;b=2" rel="noopener noreferrer nofollow" class="source-link"'
    assert link in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<b>",
        "vbscript:x",
        "http:/no-host",
        "//evil.example/x",
    ],
)
def test_only_http_and_https_urls_become_links(anonymous_client, url):
    actor = ActorFactory(name="Omar Rossi", slug="omar-rossi")
    statement = say(actor, "that links were safe")
    statement.article.url = url
    statement.article.save()
    assert "source-link" not in anonymous_client.get("/actors/omar-rossi/").content.decode()


def test_search_headlines_mark_matches_but_escape_the_text(anonymous_client, hostile):
    html = anonymous_client.get("/actors/eve/?q=fine").content.decode()
    assert "<mark>fine</mark>" in html
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html


def test_feeds_escape_the_payloads(anonymous_client, hostile):
    for url in ["/actors/eve/feed/", "/topics/hostile-topic/feed/"]:
        xml = anonymous_client.get(url).content.decode()
        assert "<script>" not in xml
        assert "<img src=x" not in xml
        assert "&lt;script&gt;" in xml


def test_exports_keep_payloads_as_data(anonymous_client, hostile):
    response = anonymous_client.get("/statements/export.csv?actor=eve")
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
