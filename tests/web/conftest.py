"""The browser fixture shared by the Playwright tests (Debian's /usr/bin/chromium; never `playwright install`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium(monkeypatch):  # type: ignore[no-untyped-def]
    """A headless Chromium (Playwright ``Browser``); skipped without it, except in CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (bin/system-packages.txt: chromium); CI must run browser tests")
        pytest.skip(f"{CHROMIUM} is missing: run bash bin/setup-system (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip package playwright (test extra) is missing")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # The ORM calls a test makes while Playwright's sync API runs leave a connection that
            # pytest-django's end-of-session teardown does not reach (seen in pg_stat_activity: idle, its
            # last query the test's own): it kept the test database from being dropped ("is being accessed
            # by other users"). Closed here, in the context that opened it.
            connections.close_all()


def new_page(browser, *, height: int = 900):  # type: ignore[no-untyped-def]
    """A page 1280 pixels wide (``height`` high) that waits 15 seconds at most for anything."""
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def browser_page(chromium):  # type: ignore[no-untyped-def]
    return new_page(chromium)


PASSWORD = "correct-horse-battery"


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
