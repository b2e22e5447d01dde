"""A reviewer reviews three claims in a real browser using only the keyboard."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from reviews.models import ClaimStatus, Review
from tests.factories import ArticleFactory, claim_at
from tests.web.conftest import log_in, new_page

CLAIM_URL = re.compile(r"/review/claim/\d+/$")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_reviewer_reviews_three_claims_with_the_keyboard_only(live_server, browser_page, reviewer, transactional_db):
    article = ArticleFactory(
        title="Trade deal signed",
        desk="Business",
        cleaned_text=(
            "The two countries met in Geneva. The ministry said exports rose 4% in 2025. "
            "The deal could lift growth next year. Officials say 3,000 jobs were created. The talks end today."
        ),
    )
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
        cue_at = sentence.lower().index(cue)
        kind = "attribution" if "said" in cue else ("hedge" if cue == "could" else "weasel")
        cues = [{"text": sentence[cue_at : cue_at + len(cue)], "start": cue_at, "end": cue_at + len(cue), "kind": kind}]
        claims.append(
            claim_at(article, sentence, position=position, score=score, suggested_status=suggested, cues=cues)
        )
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    # The username field has autofocus: wait until it has the focus, or the first keys go nowhere (a slow machine).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type("rita")
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url, "the keyboard-only sign-in failed"
    page.goto(f"{live_server.url}/review/")
    with page.expect_navigation(url=CLAIM_URL):
        page.keyboard.press("j")

    # 1: supported, with an evidence link.
    assert "The ministry said exports rose 4% in 2025." in page.inner_text("#claim-text")
    page.screenshot(path=str(_shots() / "review_claim.png"), full_page=True)
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


def test_leases_drafts_and_modifier_shortcuts_in_the_browser(
    live_server, chromium, reviewer, transactional_db, settings
):
    """At 1280x720: save is on screen, Alt+ shortcuts work inside text boxes, drafts persist, activity extends."""
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import Assignment, AuditAction, AuditEvent, ReviewerPreference

    settings.REVIEW_HEARTBEAT_SECONDS = 1
    article = ArticleFactory(cleaned_text="Exports rose 4% in 2025. Jobs rose too. Prices fell.")
    for position, sentence in enumerate(["Exports rose 4% in 2025.", "Jobs rose too.", "Prices fell."]):
        claim_at(
            article, sentence, position=position, score=0.9 - position / 10, suggested_status="needs_source", cues=[]
        )
    page = new_page(chromium, height=720)
    log_in(page, live_server.url, "rita")
    page.goto(f"{live_server.url}/review/")
    with page.expect_navigation(url=CLAIM_URL):
        page.keyboard.press("j")
    # Why the suggestion, though the claim has no cue word.
    assert "A factual assertion with no attribution (no cue word found)." in page.inner_text("#suggestion-reason")
    # "Save and next" is on screen without scrolling.
    box = page.locator("#submit-verdict").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720
    page.screenshot(path=str(_shots() / "review_claim_1280x720.png"))
    # Alt+E, type, Alt+N (no Esc), type, Alt+1 from inside the note: nothing typed into the wrong box.
    page.keyboard.press("Alt+e")
    page.keyboard.type("https://example.org/figures Figures")
    page.keyboard.press("Alt+n")
    page.keyboard.type("Checked the figures.")
    page.keyboard.press("Alt+1")
    assert page.input_value("#id_evidence") == "https://example.org/figures Figures"
    assert page.input_value("#id_note") == "Checked the figures."
    assert page.is_checked("#id_verdict_0")
    # The draft is saved on the server as they type, and restored on reload.
    page.wait_for_selector("#draft-status[data-saved='1']", state="attached")
    page.reload()
    assert page.input_value("#id_note") == "Checked the figures."
    assert page.is_checked("#id_verdict_0")
    # Hide the help: it stays hidden on the next claim (remembered for the reviewer).
    with page.expect_response(lambda response: "/review/shortcut-help/" in response.url):
        page.keyboard.press("?")
    assert page.is_hidden("#shortcut-help")
    assert ReviewerPreference.objects.filter(user=reviewer, shortcut_help_hidden=True).exists()
    # A lease about to run out shows a warning; activity extends it (the heartbeat) and the warning goes.
    held = Assignment.objects.get(reviewer=reviewer, state="active")
    Assignment.objects.filter(pk=held.pk).update(expires_at=timezone.now() + timedelta(seconds=90))
    page.reload()
    assert page.is_visible("#lease-warning")
    assert "Your lease ends in 1:" in page.inner_text("#lease-warning")
    page.screenshot(path=str(_shots() / "review_claim_lease_warning.png"))
    page.keyboard.press("Shift")  # any key counts as activity
    page.wait_for_selector("#lease-warning", state="hidden", timeout=10_000)
    assert Assignment.objects.get(pk=held.pk).expires_at > timezone.now() + timedelta(minutes=9)
    assert AuditEvent.objects.filter(action=AuditAction.LEASE_EXTENDED, claim_id=held.claim_id).exists()
    # Ctrl+Enter saves from inside a text box; the next claim comes with the help still hidden.
    page.focus("#id_note")
    started = time.perf_counter()
    with page.expect_navigation(url=CLAIM_URL):
        page.keyboard.press("Control+Enter")
    page.wait_for_selector("#claim-text")
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"save-and-next: {elapsed_ms:.0f} ms")
    assert page.is_hidden("#shortcut-help")
    review = Review.objects.get(reviewer=reviewer)
    assert review.verdict == "supported" and review.note == "Checked the figures."
    assert list(review.evidence.values_list("url", flat=True)) == ["https://example.org/figures"]


def _shots() -> Path:
    shots = Path(settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    return shots
