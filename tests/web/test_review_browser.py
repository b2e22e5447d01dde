"""A reviewer reviews three claims in a real browser using only the keyboard."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from reviews.models import ClaimStatus, Review
from tests.factories import ArticleFactory, ClaimFactory

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
CLAIM_URL = re.compile(r"/review/claim/\d+/$")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def browser_page(monkeypatch):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (bin/system-packages.txt: chromium); CI must run browser tests")
        pytest.skip(f"{CHROMIUM} is missing: run bash bin/setup-system (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip package playwright (test extra) is missing")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            browser.close()


def test_reviewer_reviews_three_claims_with_the_keyboard_only(live_server, browser_page, reviewer, transactional_db):
    article = ArticleFactory(
        title="Trade deal signed",
        desk="Business",
        cleaned_text=(
            "The two countries met in Geneva. The ministry said exports rose 4% in 2025. "
            "The deal could lift growth next year. Officials say 3,000 jobs were created. The talks end today."
        ),
    )
    text = article.cleaned_text
    sentences = [
        "The ministry said exports rose 4% in 2025.",
        "The deal could lift growth next year.",
        "Officials say 3,000 jobs were created.",
    ]
    claims = []
    for position, (sentence, score, suggested, cue) in enumerate(
        zip(
            sentences,
            (0.9, 0.8, 0.7),
            ("supported", "speculative", "needs_source"),
            ("the ministry said", "could", "officials say"),
            strict=True,
        )
    ):
        start = text.index(sentence)
        cue_at = sentence.lower().index(cue)
        claims.append(
            ClaimFactory(
                article=article,
                position=position,
                text=sentence,
                start=start,
                end=start + len(sentence),
                score=score,
                suggested_status=suggested,
                cues=[
                    {
                        "text": sentence[cue_at : cue_at + len(cue)],
                        "start": cue_at,
                        "end": cue_at + len(cue),
                        "kind": "attribution" if "said" in cue else ("hedge" if cue == "could" else "weasel"),
                    }
                ],
            )
        )
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.type("rita")  # the username field has autofocus
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}/review/")
    with page.expect_navigation(url=CLAIM_URL):
        page.keyboard.press("j")

    # 1: supported, with an evidence link.
    assert "The ministry said exports rose 4% in 2025." in page.inner_text("#claim-text")
    shots = Path(settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "review_claim.png"), full_page=True)
    page.keyboard.press("1")
    page.keyboard.press("e")
    page.keyboard.type("https://example.org/trade-figures Trade figures")
    page.keyboard.press("Escape")
    first_url = page.url
    with page.expect_navigation(url=CLAIM_URL):
        page.keyboard.press("Enter")
    assert page.url != first_url

    # 2: speculative.
    assert "The deal could lift growth next year." in page.inner_text("#claim-text")
    page.keyboard.press("2")
    with page.expect_navigation(url=CLAIM_URL):
        page.keyboard.press("Enter")

    # 3: needs source, saying what is missing (m), with a note, saved with Ctrl+Enter from the note box.
    assert "Officials say 3,000 jobs were created." in page.inner_text("#claim-text")
    page.keyboard.press("3")
    page.keyboard.press("m")
    page.keyboard.type("the jobs figure's official record")
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    page.keyboard.type("No source named.")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert "/review/" in page.url
    assert "No claims are waiting for you" in page.inner_text("main")

    for claim in claims:
        claim.refresh_from_db()
    assert [claim.status for claim in claims] == [
        ClaimStatus.SUPPORTED,
        ClaimStatus.SPECULATIVE,
        ClaimStatus.NEEDS_SOURCE,
    ]
    first = Review.objects.get(claim=claims[0])
    assert list(first.evidence.values_list("url", "title")) == [("https://example.org/trade-figures", "Trade figures")]
    assert Review.objects.get(claim=claims[2]).note == "No source named."
    assert Review.objects.get(claim=claims[2]).missing_source_note == "the jobs figure's official record"
