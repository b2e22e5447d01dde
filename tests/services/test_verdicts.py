from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.exceptions import AlreadyReviewed, ClaimNotHeld, InvalidVerdict
from reviews.models import Assignment, AssignmentState, AuditEvent, ClaimStatus, Review
from reviews.services.queue import assignment_release_expired, claim_assign_next
from reviews.services.verdicts import EvidenceInput, verdict_record
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory, verdict_extras

pytestmark = pytest.mark.django_db


def test_verdict_with_note_and_evidence_settles_a_single_review_claim(reviewer):
    claim = ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    review = verdict_record(
        assignment_id=assignment.pk,
        reviewer=reviewer,
        verdict="supported",
        note="Matches the ministry's statement.",
        evidence=[EvidenceInput(url="https://example.org/statement", title="Ministry statement")],
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUPPORTED
    assert claim.finalised_at is not None
    assert (claim.review_count, claim.lease_count) == (1, 0)
    assert review.evidence.get().title == "Ministry statement"
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.SUBMITTED
    actions = list(AuditEvent.objects.filter(claim=claim).values_list("action", "after"))
    assert ("verdict_recorded", "supported") in actions
    assert ("status_changed", "supported") in actions


def test_disagreeing_reviews_dispute_the_claim(reviewer, reviewer2):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    first = claim_assign_next(reviewer=reviewer)
    second = claim_assign_next(reviewer=reviewer2)
    verdict_record(assignment_id=first.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    verdict_record(assignment_id=second.pk, reviewer=reviewer2, verdict="speculative")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED


def test_agreeing_reviews_finalise_the_claim(reviewer, reviewer2):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    for user in (reviewer, reviewer2):
        assignment = claim_assign_next(reviewer=user)
        verdict_record(
            assignment_id=assignment.pk, reviewer=user, verdict="needs_source", **verdict_extras("needs_source")
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_SOURCE


def test_verdict_on_a_claim_you_do_not_hold_is_refused(reviewer, reviewer2):
    ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    with pytest.raises(ClaimNotHeld):
        verdict_record(
            assignment_id=assignment.pk, reviewer=reviewer2, verdict="supported", **verdict_extras("supported")
        )
    assert not Review.objects.exists()


def test_late_verdict_after_the_lease_expired_and_was_taken_is_refused(reviewer, reviewer2):
    claim = ClaimFactory()
    late = claim_assign_next(reviewer=reviewer)
    later = timezone.now() + timedelta(minutes=11)
    assignment_release_expired(now=later)
    taken = claim_assign_next(reviewer=reviewer2, now=later)
    verdict_record(assignment_id=taken.pk, reviewer=reviewer2, verdict="speculative")
    with pytest.raises(ClaimNotHeld, match="expired"):
        verdict_record(assignment_id=late.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SPECULATIVE
    assert list(Review.objects.values_list("reviewer__username", flat=True)) == ["rob"]


def test_expired_but_unreclaimed_lease_is_refused_too(reviewer):
    assignment = AssignmentFactory(reviewer=reviewer, expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ClaimNotHeld, match="expired"):
        verdict_record(
            assignment_id=assignment.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported")
        )


def test_a_second_review_by_the_same_reviewer_is_refused(reviewer):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    ReviewFactory(claim=claim, reviewer=reviewer)
    assignment = AssignmentFactory(claim=claim, reviewer=reviewer)
    with pytest.raises(AlreadyReviewed):
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="speculative")
    assert Review.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize(
    ("verdict", "evidence"),
    [("true", []), ("supported", [EvidenceInput(url="javascript:alert(1)")])],
    ids=["unknown-verdict", "bad-evidence-url"],
)
def test_invalid_verdicts_are_refused(reviewer, verdict, evidence):
    ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    with pytest.raises(InvalidVerdict):
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict=verdict, evidence=evidence)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.ACTIVE
