"""A reviewer amends or undoes their own verdict only while no colleague's verdict is in and the claim is open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.exceptions import ClaimStateConflict, EvidenceRequired, NotFound
from reviews.models import Assignment, AssignmentState, AuditAction, AuditEvent, Claim, Review
from reviews.selectors.queue import reviewer_recent_verdicts
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import draft_get, verdict_amend, verdict_record, verdict_undo
from tests.factories import ArticleFactory, ClaimFactory, verdict_extras

pytestmark = pytest.mark.django_db


def _review(reviewer, verdict="needs_source", **extra):  # type: ignore[no-untyped-def]
    held = claim_assign_next(reviewer=reviewer)
    return verdict_record(
        assignment_id=held.pk,
        reviewer=reviewer,
        verdict=verdict,
        note="first thought",
        **verdict_extras(verdict),
        **extra,
    )


def test_amend_while_alone_in_the_round_keeps_the_old_verdict_in_the_history(reviewer):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    review = _review(reviewer)
    amended = verdict_amend(
        review_id=review.pk,
        reviewer=reviewer,
        verdict="supported",
        note="found it",
        reason="minutes online",
        **verdict_extras("supported"),
    )
    assert amended.pk == review.pk and amended.verdict == "supported" and amended.note == "found it"
    assert amended.missing_source_kinds == [] and amended.evidence.count() == 1
    event = AuditEvent.objects.get(action=AuditAction.VERDICT_AMENDED)
    assert (event.before, event.after, event.actor, event.claim_id) == ("needs_source", "supported", reviewer, claim.pk)
    assert event.data["before"]["note"] == "first thought"
    assert event.data["before"]["missing_source_kinds"] == ["document"]
    assert event.reason == "minutes online"
    assert Claim.objects.get(pk=claim.pk).status == "pending"


def test_no_amendment_after_a_colleagues_verdict_or_on_a_final_claim(reviewer, reviewer2):
    ClaimFactory(article=ArticleFactory(required_reviews=3))
    mine = _review(reviewer)
    _review(reviewer2, verdict="speculative")
    with pytest.raises(ClaimStateConflict, match="Another reviewer"):
        verdict_amend(review_id=mine.pk, reviewer=reviewer, verdict="speculative")
    final = ClaimFactory(score=0.99)  # one review required: final with the verdict
    decided = _review(reviewer, verdict="speculative")
    assert decided.claim_id == final.pk
    with pytest.raises(ClaimStateConflict, match="decided"):
        verdict_amend(review_id=decided.pk, reviewer=reviewer, verdict="needs_source", missing_source_note="x")
    with pytest.raises(NotFound):
        verdict_amend(review_id=mine.pk, reviewer=reviewer2, verdict="speculative")
    assert Review.objects.get(pk=mine.pk).verdict == "needs_source"
    assert not AuditEvent.objects.filter(action=AuditAction.VERDICT_AMENDED).exists()


def test_an_amendment_passes_the_same_evidence_gate(reviewer):
    ClaimFactory(article=ArticleFactory(required_reviews=2))
    review = _review(reviewer)
    with pytest.raises(EvidenceRequired):
        verdict_amend(review_id=review.pk, reviewer=reviewer, verdict="supported")


def test_undo_the_last_verdict_within_two_minutes_gives_the_claim_back_with_a_draft(reviewer):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    review = _review(reviewer)
    old_lease = review.assignment_id
    held = verdict_undo(review_id=review.pk, reviewer=reviewer)
    assert held.claim_id == claim.pk and held.state == AssignmentState.ACTIVE and held.reviewer == reviewer
    assert not Review.objects.exists()
    assert Assignment.objects.get(pk=old_lease).state == AssignmentState.RELEASED
    claim.refresh_from_db()
    assert (claim.review_count, claim.lease_count, claim.status) == (0, 1, "pending")
    assert draft_get(reviewer=reviewer, claim_id=claim.pk) == {
        "verdict": "needs_source",
        "note": "first thought",
        "missing_source_kinds": ["document"],
    }
    event = AuditEvent.objects.get(action=AuditAction.VERDICT_UNDONE)
    assert event.data["verdict"]["note"] == "first thought" and event.actor == reviewer
    verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative")  # and decide again
    assert Review.objects.get().verdict == "speculative"


def test_undo_only_the_last_verdict_only_within_two_minutes(reviewer, reviewer2):
    ClaimFactory(article=ArticleFactory(required_reviews=2), score=0.9)
    ClaimFactory(article=ArticleFactory(required_reviews=2), score=0.5)
    first = _review(reviewer)
    second = _review(reviewer)
    with pytest.raises(ClaimStateConflict, match="last verdict"):
        verdict_undo(review_id=first.pk, reviewer=reviewer)
    with pytest.raises(ClaimStateConflict, match="two minutes"):
        verdict_undo(review_id=second.pk, reviewer=reviewer, now=timezone.now() + timedelta(minutes=3))
    _review(reviewer2, verdict="speculative")  # rob reviews the best claim: rita's first
    rows = reviewer_recent_verdicts(reviewer=reviewer)
    assert [(row.pk, row.can_change, row.can_undo) for row in rows] == [
        (second.pk, True, True),
        (first.pk, False, False),
    ]
    assert Review.objects.filter(reviewer=reviewer).count() == 2


def test_my_verdicts_page_reads_in_two_queries(client, reviewer, django_assert_num_queries):
    for index in range(4):
        ClaimFactory(article=ArticleFactory(required_reviews=2), score=0.9 - index / 10)
        _review(reviewer, verdict="supported")
    with django_assert_num_queries(2):
        rows = reviewer_recent_verdicts(reviewer=reviewer)
        assert [len(row.evidence.all()) for row in rows] == [1, 1, 1, 1]
