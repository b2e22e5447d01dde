from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Assignment, AuditEvent, Claim, ClaimStatus, ExtractionCorrection, Review
from reviews.services.queue import assignment_release_expired, claim_assign_next
from reviews.services.verdicts import EvidenceInput, draft_get, verdict_record
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, verdict_extras

pytestmark = pytest.mark.django_db


def test_reviewer_filters_the_queue_by_desk_and_next_stays_within_it(client, reviewer):
    ClaimFactory(article=ArticleFactory(desk="Sport"), score=0.99)
    politics = ClaimFactory(article=ArticleFactory(desk="Politics", title="Budget vote"), score=0.1)
    client.force_login(reviewer)
    page = client.get(reverse("review-desk"), {"desk": "Politics"})
    assert b'<option value="Politics" selected>' in page.content
    assert b"Budget vote" in page.content
    client.post(reverse("review-next"))
    assert Assignment.objects.get(reviewer=reviewer).claim == politics


def test_claim_page_shows_help_progress_precedents_and_lease_and_no_other_verdicts(
    client, reviewer, reviewer2, django_assert_max_num_queries
):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    theirs = claim_assign_next(reviewer=reviewer2)
    verdict_record(assignment_id=theirs.pk, reviewer=reviewer2, verdict="speculative", note="SECRET NOTE")
    mine = claim_assign_next(reviewer=reviewer)
    assert mine.claim == claim
    client.force_login(reviewer)
    with django_assert_max_num_queries(13):  # and the reviewer's draft and shortcut-help preference
        page = client.get(reverse("review-claim", args=[mine.pk]))
    html = page.content.decode()
    assert 'id="shortcut-help"' in html and "<kbd>x</kbd> not a claim" in html
    assert "No precedent for this claim yet." in html
    assert "done today" in html and "in queue" in html and "data-seconds-left" in html
    assert "SECRET NOTE" not in html and "Speculative</span>" not in html.split('id="suggested"')[0]  # blind review


def test_not_a_claim_from_the_page_needs_a_reason(client, reviewer):
    ClaimFactory()
    client.force_login(reviewer)
    client.post(reverse("review-next"))
    held = Assignment.objects.get(reviewer=reviewer)
    response = client.post(reverse("review-not-a-claim", args=[held.pk]), {"reason": ""}, follow=True)
    assert b"Say why this is not a claim" in response.content
    assert not ExtractionCorrection.objects.exists()
    response = client.post(reverse("review-not-a-claim", args=[held.pk]), {"reason": "a heading"}, follow=True)
    assert b"not a claim; an editor will confirm it" in response.content
    assert held.claim.__class__.objects.get(pk=held.claim_id).status == ClaimStatus.FLAGGED


def test_late_verdict_on_an_expired_lease_retakes_the_free_claim_and_is_recorded(client, reviewer):
    held = AssignmentFactory(reviewer=reviewer, expires_at=timezone.now() - timedelta(seconds=5))
    Claim.objects.filter(pk=held.claim_id).update(lease_count=1)
    client.force_login(reviewer)
    response = client.post(reverse("review-claim", args=[held.pk]), {"verdict": "speculative"}, follow=True)
    assert b"Verdict saved." in response.content
    review = Review.objects.get()
    assert review.claim_id == held.claim_id and review.reviewer == reviewer and review.assignment_id != held.pk


def test_late_verdict_on_a_claim_handed_to_someone_else_keeps_the_text_to_copy(client, reviewer, reviewer2):
    held = AssignmentFactory(reviewer=reviewer, expires_at=timezone.now() - timedelta(seconds=5))
    assignment_release_expired()
    claim_assign_next(reviewer=reviewer2)  # rob now holds the only slot
    client.force_login(reviewer)
    response = client.post(
        reverse("review-claim", args=[held.pk]),
        {"verdict": "needs_source", "note": "Council minutes of 3 May", "missing_source_kinds": ["document"]},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "handed to another reviewer" in html and "rob" not in html
    assert "Council minutes of 3 May</textarea>" in html
    assert not Review.objects.exists()
    assert draft_get(reviewer=reviewer, claim_id=held.claim_id)["note"] == "Council minutes of 3 May"


def test_heartbeat_and_draft_endpoints(client, reviewer, reviewer2, settings):
    settings.REVIEW_LEASE_MINUTES = 10
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=9))
    client.force_login(reviewer)
    beat = client.post(reverse("review-heartbeat", args=[held.pk]))
    assert beat.status_code == 200 and beat.json()["seconds_left"] > 9 * 60 and beat.json()["capped"] is False
    saved = client.post(reverse("review-draft", args=[held.pk]), {"note": "so far", "verdict": "speculative"})
    assert saved.status_code == 200 and saved.json()["saved"] is True
    page = client.get(reverse("review-claim", args=[held.pk])).content.decode()
    assert ">\nso far</textarea>" in page or ">so far</textarea>" in page  # the draft is restored
    assert re.search(r'<input type="radio" name="verdict" value="speculative"[^>]* checked>', page)
    client.force_login(reviewer2)
    assert client.post(reverse("review-draft", args=[held.pk]), {"note": "peek"}).status_code == 404
    assert client.post(reverse("review-heartbeat", args=[held.pk])).status_code == 404


@pytest.fixture
def disputed_claims(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    claims = []
    for index in range(4):
        claim = ClaimFactory(article=ArticleFactory(required_reviews=2), score=0.9 - index / 10)
        for user, verdict in ((reviewer, "supported"), (reviewer2, "needs_source")):
            held = claim_assign_next(reviewer=user)
            verdict_record(
                assignment_id=held.pk,
                reviewer=user,
                verdict=verdict,
                note=f"note by {user.username}",
                evidence=[EvidenceInput(url=f"https://example.org/{user.username}/{index}", title="src")],
                missing_source_kinds=["document"] if verdict == "needs_source" else None,
            )
        claims.append(claim)
    return claims


def test_adjudication_page_shows_every_verdict_in_fixed_queries_and_decides(
    client, editor, disputed_claims, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("editor-adjudication"))
    html = page.content.decode()
    assert html.count("adjudication-item") == 4
    assert "note by rita" in html and "https://example.org/rob/0" in html
    claim = disputed_claims[0]
    response = client.post(
        reverse("editor-claim-act", args=[claim.pk, "decide"]),
        {"status": "supported", "reason": "named source", "next": reverse("editor-adjudication")},
        follow=True,
    )
    assert b"Dispute settled." in response.content
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUPPORTED
    assert AuditEvent.objects.filter(claim=claim, action="claim_adjudicated", reason="named source").exists()
    refused = client.post(
        reverse("editor-claim-act", args=[claim.pk, "decide"]), {"status": "speculative", "reason": "x"}, follow=True
    )
    assert b"Only disputed claims are adjudicated" in refused.content


def test_reviewers_cannot_adjudicate_or_act(client, reviewer, disputed_claims):
    client.force_login(reviewer)
    claim = disputed_claims[0]
    assert client.get(reverse("editor-adjudication")).status_code == 403
    act = client.post(reverse("editor-claim-act", args=[claim.pk, "decide"]), {"status": "supported", "reason": "x"})
    assert act.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED


def test_claim_page_is_blind_until_reviewed_and_shows_history(client, reviewer, reviewer2, editor):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    rob = claim_assign_next(reviewer=reviewer2)
    claim_assign_next(reviewer=reviewer)
    verdict_record(
        assignment_id=rob.pk, reviewer=reviewer2, verdict="supported", note="rob's note", **verdict_extras("supported")
    )
    client.force_login(reviewer)
    assert client.get(reverse("claim-history", args=[claim.pk])).status_code == 404
    client.force_login(reviewer2)
    page = client.get(reverse("claim-history", args=[claim.pk]))
    assert page.status_code == 200 and b"rob&#x27;s note" in page.content and b"Claim leased" in page.content
    assert b"Editor actions" not in page.content
    client.force_login(editor)
    page = client.get(reverse("claim-history", args=[claim.pk]))
    assert b"Editor actions" in page.content and b"Lease held by rita" in page.content


def test_editor_actions_from_the_claim_page(client, editor, reviewer, reviewer2):
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    client.force_login(editor)
    act = lambda name, data: client.post(reverse("editor-claim-act", args=[claim.pk, name]), data, follow=True)  # noqa: E731
    assert b"Lease revoked" in act("revoke", {"assignment": held.pk, "reason": "rita is away"}).content
    assert b"Claim handed to rob" in act("hand", {"reviewer": reviewer2.pk, "reason": ""}).content
    assert b"Priority set" in act("prioritise", {"priority": 4, "reason": "front page"}).content
    assert b"Status set" in act("override", {"status": "supported", "reason": "obvious"}).content
    assert b"Claim reopened" in act("reopen", {"reason": "new facts"}).content
    assert b"Nothing changed" in act("reopen", {"reason": ""}).content
    claim.refresh_from_db()
    assert (claim.status, claim.priority, claim.review_round) == (ClaimStatus.PENDING, 4, 2)
    assert client.post(reverse("editor-claim-act", args=[claim.pk, "delete-history"]), {}).status_code == 404


def test_article_review_settings_and_add_a_missed_claim(client, editor, reviewer):
    article = ArticleFactory(cleaned_text="First sentence here. A missed claim of 5%.")
    waiting = ClaimFactory(article=article, position=0, text="First sentence here.", start=0, end=20)
    client.force_login(editor)
    url = reverse("editor-article-review-settings", args=[article.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"form": "settings", "priority": 3, "required_reviews": 2, "deadline": "", "reason": "big story"})
    waiting.refresh_from_db()
    assert (waiting.priority, waiting.required_reviews) == (3, 2)
    response = client.post(
        url,
        {"form": "add-claim", "start": 21, "end": 42, "suggested_status": "needs_source", "reason": "missed"},
        follow=True,
    )
    assert b"added" in response.content
    assert article.claims.filter(text="A missed claim of 5%.").exists()
    client.force_login(reviewer)
    assert client.get(url).status_code == 403


def test_precedents_show_decided_matching_claims_only(client, reviewer):
    from reviews.models import ClaimMatch

    claim = ClaimFactory(score=0.99)
    decided = ClaimFactory(text="Exports rose 4% last year.", status=ClaimStatus.SUPPORTED, article__title="Trade")
    undecided = ClaimFactory(text="Exports rose four percent.", score=0.01)
    ClaimMatch.objects.create(claim=claim, matched_claim=decided, similarity=0.93)
    ClaimMatch.objects.create(claim=claim, matched_claim=undecided, similarity=0.97)
    held = claim_assign_next(reviewer=reviewer)
    assert held.claim == claim
    client.force_login(reviewer)
    html = client.get(reverse("review-claim", args=[held.pk])).content.decode()
    assert "Exports rose 4% last year." in html and "similarity 0.93" in html
    assert "Exports rose four percent." not in html
