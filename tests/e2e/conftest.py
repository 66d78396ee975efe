"""Real-browser tests: Playwright drives Debian's Chromium (Playwright's own browser download cannot work here)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import IN_CI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
COMMITTED_SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        message = "the system Chromium is not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the browser is open; the tests' own ORM calls
    # are still synchronous. Scoped to the module so the flag does not outlive the browser tests.
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


@pytest.fixture
def page(browser, live_server):  # noqa: ANN001, ANN201
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    if SLOW:
        slow_down(page)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(request, tmp_path_factory) -> Path:  # noqa: ANN001
    """Where the screenshots go: a temporary directory, so that a test run leaves the committed ones in
    artifacts/screenshots/ alone; `--screenshots` refreshes those, SCREENSHOTS_DIR=<dir> puts them anywhere."""
    if request.config.getoption("--screenshots"):
        path = COMMITTED_SCREENSHOTS
    elif os.environ.get("SCREENSHOTS_DIR"):
        path = Path(os.environ["SCREENSHOTS_DIR"]).resolve()
    else:
        path = tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def screenshot(request, screenshot_dir):  # noqa: ANN001, ANN201
    """Save a full-page screenshot as <screenshot_dir>/<test>-<name>.png."""

    def _take(page, name: str) -> Path:  # noqa: ANN001
        path = screenshot_dir / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


def log_in(page, username: str, password: str = "correct horse battery staple") -> None:  # noqa: ANN001
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Logged in is what the next page shows, not merely that some page has loaded.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
