"""Real-browser tests: Playwright drives Debian's Chromium (Playwright's own browser download cannot work here)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article, Claim
from tests.conftest import IN_CI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
COMMITTED_SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# expect() retries for 5 s by default; give it the same 10 s as every other wait (see the page fixture).
expect.set_options(timeout=10_000)


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One Chromium for every browser test (each test gets its own context, so no cookie or storage is shared)."""
    if CHROMIUM is None:
        message = "the system Chromium is not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the browser is open; the tests' own ORM calls
    # are still synchronous. Scoped to this package (tests/e2e) so neither the browser nor the flag outlives the
    # browser tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


# E2E_SLOW=1 plays a slow CI machine (a throttled CPU, a slow network): a test that reads the page before it is
# ready then fails every time instead of once in a while.
SLOW = os.environ.get("E2E_SLOW", "").lower() in {"1", "true", "yes"}


def slow_down(page) -> None:  # noqa: ANN001
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": -1, "uploadThroughput": -1},
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[object]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(request, browser, live_server, tmp_path_factory):  # noqa: ANN001, ANN201
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    if SLOW:
        slow_down(page)
    # Whatever a test does, the Content-Security-Policy must not have blocked anything on the way.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{message.location['url']}: {message.text[:160]}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    if request.node.stash.get(FAILED, False):
        # What the browser showed when the test failed, whatever --screenshots says.
        path = tmp_path_factory.mktemp("failed") / f"{request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        request.node.add_report_section("teardown", "screenshot", f"the page as the test failed: {path}")
    context.close()
    assert blocked == [], "the browser refused something under the Content-Security-Policy"


@pytest.fixture(scope="session")
def screenshot_dir(request) -> Path | None:  # noqa: ANN001
    """Where the screenshots go: nowhere by default (38 of them took a sixth of the browser tests' time, and a run must
    not rewrite the committed ones); `--screenshots` refreshes artifacts/screenshots/, SCREENSHOTS_DIR=<dir> saves
    them anywhere else."""
    if request.config.getoption("--screenshots"):
        path = COMMITTED_SCREENSHOTS
    elif os.environ.get("SCREENSHOTS_DIR"):
        path = Path(os.environ["SCREENSHOTS_DIR"]).resolve()
    else:
        return None
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def screenshot(request, screenshot_dir):  # noqa: ANN001, ANN201
    """Save a screenshot when asked for them (see screenshot_dir): screenshot(page, "name") is the full page as
    <test>-<name>.png; screenshot(page_or_element, file="name.png", **options) is Playwright's screenshot under that
    file name."""

    def _take(target, name: str = "", *, file: str = "", **options) -> Path | None:  # noqa: ANN001, ANN003
        if screenshot_dir is None:
            return None
        if not file:
            file, options = f"{request.node.name}-{name}.png", {"full_page": True, **options}
        path = screenshot_dir / file
        target.screenshot(path=str(path), **options)
        return path

    return _take


def log_in(page, username: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    """Log in through the real login view, as its form would post, without rendering the form and the home page it
    redirects to (the page stays where it was). test_smoke_browser.py goes through the form itself."""
    form = page.request.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text())
    assert token is not None, "the login page has no CSRF token"
    answer = page.request.post(
        "/accounts/login/",
        form={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
        max_redirects=0,
    )
    # A wrong password shows the form again (200); logged in is the redirect with a session cookie.
    assert answer.status == 302, f"{username} could not log in ({answer.status})"
    assert any(cookie["name"] == settings.SESSION_COOKIE_NAME for cookie in page.context.cookies())


def log_in_with_form(page, username: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Logged in is what the next page shows, not merely that some page has loaded.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture(scope="session")
def seed_dump(tmp_path_factory) -> Path:  # noqa: ANN001
    return tmp_path_factory.mktemp("seed") / "demo.json"


@pytest.fixture
def seed_article(seed_dump) -> Article:  # noqa: ANN001
    """The demo data with every seed claim still pending (these tests make the decisions themselves). The first test
    runs load_demo, whose claims are extracted in-process once it commits; the later ones load a copy of the rows it
    made (the database is emptied after each test), which is the same data in a tenth of the time."""
    if seed_dump.exists():
        call_command("loaddata", str(seed_dump), verbosity=0)
    else:
        call_command("load_demo", no_reviews=True, verbosity=0)
        call_command("dumpdata", "actors", "claims", output=str(seed_dump), verbosity=0)
    article = Article.objects.get()
    assert article.claims.filter(status=Claim.Status.PENDING).count() >= 10
    return article
