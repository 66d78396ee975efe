"""Content-Security-Policy: every HTML page sends one, and nothing on the pages needs 'unsafe-inline'."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver, reverse

from tests.factories import ActorFactory, StatementFactory, TopicFactory
from tests.foundation.test_hostile_input import Site, _named_patterns, site  # noqa: F401 (site is a fixture)

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Pages of other packages we serve as HTML, beside every named URL of the URLconf.
EXTRA_PAGES = ["/admin/login/", "/admin/", "/admin/claims/statement/", "/api/docs/"]


class _InlineFinder(HTMLParser):
    """Inline scripts, <style> elements, style="" and on…="" attributes: what a strict CSP blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._in_script = True
        if tag == "style":
            self.found.append("<style>")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def _inline(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def _html_pages(site: Site) -> list[tuple[str, object]]:  # noqa: F811
    client: Client = site.clients["editor"]
    paths = [reverse(name, kwargs=site.kwargs_for[name]) for _, name, _ in _named_patterns(get_resolver())]
    pages = []
    for path in [*paths, *EXTRA_PAGES]:
        response = client.get(path, HTTP_ACCEPT="text/html")
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            pages.append((path, response))
    return pages


def test_every_html_page_has_a_policy_without_unsafe_inline(site: Site, admin_user) -> None:  # noqa: ANN001, F811
    site.clients["editor"].force_login(admin_user)
    pages = _html_pages(site)
    assert len(pages) > 20, "the URLconf's pages were not found"
    for path, response in pages:
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, path
        assert "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert "unsafe-eval" not in policy, path


def test_our_pages_have_no_inline_script_or_style(site: Site) -> None:  # noqa: F811
    anonymous = site.clients["anonymous"]
    pages = _html_pages(site) + [(path, anonymous.get(path)) for path in ["/", "/accounts/login/", "/compare/"]]
    ours = [(path, response) for path, response in pages if not path.startswith(("/admin/", "/api/"))]
    for path, response in ours:
        assert _inline(response.content.decode()) == [], path


def test_the_comparison_is_as_wide_as_its_actors_without_a_style_attribute(anonymous_client) -> None:  # noqa: ANN001
    topic = TopicFactory(slug="tariffs", name="Tariffs")
    actors = [ActorFactory(name=name) for name in ("Ann Example", "Bo Sample", "Cy Placeholder")]
    for actor in actors:
        StatementFactory(actor=actor, topic=topic)
    query = "&".join(f"actor={actor.slug}" for actor in actors)

    page = anonymous_client.get(f"/compare/?topic=tariffs&{query}").content.decode()

    assert 'class="comparison columns-3"' in page
    css = (Path(settings.BASE_DIR) / "static/css/onrecord.css").read_text()
    assert ".comparison.columns-3 { --columns:3; }" in css


def test_no_template_holds_an_inline_script_or_style() -> None:
    offenders = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+=",
        ):
            offenders += [f"{template.relative_to(TEMPLATES)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == []


def test_htmx_is_told_not_to_inject_its_indicator_styles(anonymous_client) -> None:  # noqa: ANN001
    page = anonymous_client.get("/").content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page).group(1))
    assert config["includeIndicatorStyles"] is False
    assert "style" not in config["attributesToSettle"]
    css = (Path(settings.BASE_DIR) / "static/css/onrecord.css").read_text()
    assert ".htmx-request .htmx-indicator" in css
