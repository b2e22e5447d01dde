"""Reviewers never lose work: heartbeats extend a lease (capped), drafts are kept, an expired lease is re-taken."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.exceptions import AssignmentNotFound, ClaimHandedOver, ClaimNotHeld, NotFound
from reviews.models import Assignment, AssignmentState, AuditAction, AuditEvent, Review, ReviewDraft
from reviews.services.queue import (
    assignment_heartbeat,
    assignment_release,
    assignment_release_expired,
    claim_assign_next,
    lease_capped,
)
from reviews.services.verdicts import draft_get, draft_keep_after_handover, draft_save, verdict_record
from tests.factories import ArticleFactory, ClaimFactory, verdict_extras

pytestmark = pytest.mark.django_db


def test_a_heartbeat_extends_the_lease_to_a_full_lease_from_now_and_is_audited(reviewer, settings):
    settings.REVIEW_LEASE_MINUTES, settings.REVIEW_LEASE_MAX_HOLD_MINUTES = 10, 60
    ClaimFactory()
    leased_at = timezone.now() - timedelta(minutes=8)
    held = claim_assign_next(reviewer=reviewer, now=leased_at)
    assert held.expires_at == leased_at + timedelta(minutes=10)
    now = timezone.now()
    extended = assignment_heartbeat(assignment_id=held.pk, reviewer=reviewer, now=now)
    assert extended.expires_at == now + timedelta(minutes=10)
    assert Assignment.objects.get(pk=held.pk).expires_at == now + timedelta(minutes=10)
    event = AuditEvent.objects.get(action=AuditAction.LEASE_EXTENDED)
    assert event.actor == reviewer and event.claim_id == held.claim_id
    assert event.before == (leased_at + timedelta(minutes=10)).isoformat(timespec="seconds")
    assert not lease_capped(extended)


def test_the_heartbeat_never_holds_a_claim_past_the_maximum_hold(reviewer, settings):
    settings.REVIEW_LEASE_MINUTES, settings.REVIEW_LEASE_MAX_HOLD_MINUTES = 10, 30
    ClaimFactory()
    leased_at = timezone.now() - timedelta(minutes=25)
    held = claim_assign_next(reviewer=reviewer, now=leased_at)
    Assignment.objects.filter(pk=held.pk).update(expires_at=leased_at + timedelta(minutes=28))
    capped = assignment_heartbeat(assignment_id=held.pk, reviewer=reviewer)
    assert capped.expires_at == leased_at + timedelta(minutes=30)  # not now + 10 min
    assert lease_capped(capped)
    before = AuditEvent.objects.filter(action=AuditAction.LEASE_EXTENDED).count()
    assignment_heartbeat(assignment_id=held.pk, reviewer=reviewer)  # nothing left to extend: no write
    assert AuditEvent.objects.filter(action=AuditAction.LEASE_EXTENDED).count() == before


def test_a_heartbeat_does_not_revive_an_expired_lease_or_someone_elses(reviewer, reviewer2):
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=11))
    with pytest.raises(AssignmentNotFound):
        assignment_heartbeat(assignment_id=held.pk, reviewer=reviewer2)
    with pytest.raises(ClaimNotHeld):
        assignment_heartbeat(assignment_id=held.pk, reviewer=reviewer)
    assert Assignment.objects.get(pk=held.pk).expires_at < timezone.now()


def test_a_draft_is_saved_restored_replaced_and_deleted_with_the_verdict(reviewer):
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    draft_save(
        reviewer=reviewer,
        claim_id=held.claim_id,
        data={"verdict": "needs_source", "note": "Council minutes", "missing_source_kinds": ["document", "bogus"]},
    )
    assert draft_get(reviewer=reviewer, claim_id=held.claim_id) == {
        "verdict": "needs_source",
        "note": "Council minutes",
        "missing_source_kinds": ["document"],
    }
    draft_save(reviewer=reviewer, claim_id=held.claim_id, data={"note": "Council minutes of 3 May", "x": "ignored"})
    assert draft_get(reviewer=reviewer, claim_id=held.claim_id) == {"note": "Council minutes of 3 May"}
    verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative", clear_draft=True)
    assert not ReviewDraft.objects.exists()


def test_no_draft_on_a_claim_the_reviewer_never_held(reviewer, reviewer2):
    claim = ClaimFactory()
    with pytest.raises(NotFound):
        draft_save(reviewer=reviewer2, claim_id=claim.pk, data={"note": "peek"})
    assert not ReviewDraft.objects.exists()


def test_a_draft_comes_back_when_the_claim_is_handed_out_again(reviewer):
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=11))
    draft_save(reviewer=reviewer, claim_id=claim.pk, data={"note": "half written"})
    assignment_release_expired()
    again = claim_assign_next(reviewer=reviewer)
    assert again.claim_id == claim.pk and again.pk != held.pk
    assert draft_get(reviewer=reviewer, claim_id=claim.pk) == {"note": "half written"}


def test_saving_after_the_lease_expired_retakes_the_free_claim_and_records_the_verdict(reviewer):
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=11))
    assignment_release_expired()  # the sweep has already returned it to the queue
    assert Assignment.objects.get(pk=held.pk).state == AssignmentState.EXPIRED
    # The API's strict path still refuses; the page's path re-takes.
    with pytest.raises(ClaimNotHeld):
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative")
    review = verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative", retake=True)
    assert review.claim_id == claim.pk and review.assignment_id != held.pk
    assert review.assignment.reason == f"re-taken on save after lease #{held.pk} expired"
    claim.refresh_from_db()
    assert claim.status == "speculative" and claim.lease_count == 0 and claim.review_count == 1
    assert AuditEvent.objects.filter(action=AuditAction.LEASE_RETAKEN, claim=claim, actor=reviewer).exists()


def test_retake_also_works_before_the_sweep_ran(reviewer):
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=11))
    verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative", retake=True)
    assert Assignment.objects.get(pk=held.pk).state == AssignmentState.EXPIRED
    claim.refresh_from_db()
    assert claim.status == "speculative" and claim.lease_count == 0


def test_when_another_reviewer_took_the_claim_the_verdict_is_refused_and_the_draft_kept(reviewer, reviewer2):
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=11))
    assignment_release_expired()
    theirs = claim_assign_next(reviewer=reviewer2)
    assert theirs.claim_id == claim.pk
    with pytest.raises(ClaimHandedOver) as refused:
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative", retake=True)
    assert "rob" not in refused.value.message and "another reviewer" in refused.value.message
    assert not Review.objects.exists()
    draft_keep_after_handover(reviewer=reviewer, claim_id=claim.pk, data={"note": "My careful note"})
    assert draft_get(reviewer=reviewer, claim_id=claim.pk) == {"note": "My careful note"}
    assert AuditEvent.objects.filter(action=AuditAction.DRAFT_KEPT, actor=reviewer, claim=claim).exists()
    claim.refresh_from_db()
    assert claim.lease_count == 1  # rob's lease, untouched


def test_a_released_lease_is_not_retaken_and_a_decided_claim_is_handed_over(reviewer, reviewer2):
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    assignment_release(assignment_id=held.pk, reviewer=reviewer)
    with pytest.raises(ClaimNotHeld) as refused:
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative", retake=True)
    assert not isinstance(refused.value, ClaimHandedOver)
    # rita's lease expires, rob takes the claim and decides it meanwhile.
    two = ClaimFactory(article=ArticleFactory(required_reviews=1), score=0.99)
    mine = claim_assign_next(reviewer=reviewer, now=timezone.now() - timedelta(minutes=11))
    assert mine.claim_id == two.pk
    assignment_release_expired()
    theirs = claim_assign_next(reviewer=reviewer2)
    verdict_record(assignment_id=theirs.pk, reviewer=reviewer2, verdict="supported", **verdict_extras("supported"))
    with pytest.raises(ClaimHandedOver):
        verdict_record(assignment_id=mine.pk, reviewer=reviewer, verdict="speculative", retake=True)
