from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from reviews.exceptions import ClaimNotHeld, NothingToReview, TooManyLeases
from reviews.models import Assignment, AssignmentState, AuditEvent, Claim
from reviews.services.queue import (
    assignment_release,
    assignment_release_expired,
    claim_assign_next,
)
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_next_claim_is_the_best_one_and_is_leased(reviewer):
    low = ClaimFactory(score=0.2)
    high = ClaimFactory(score=0.9)
    urgent = ClaimFactory(score=0.1, priority=5)
    assignment = claim_assign_next(reviewer=reviewer)
    assert assignment.claim == urgent
    assert assignment.state == AssignmentState.ACTIVE
    assert assignment.expires_at > timezone.now() + timedelta(minutes=9)
    urgent.refresh_from_db()
    assert urgent.lease_count == 1
    assert {low, high}  # untouched
    assert AuditEvent.objects.filter(claim=urgent, action="claim_leased").exists()


def test_two_reviewers_never_get_the_same_single_review_claim(reviewer, reviewer2):
    ClaimFactory()
    claim_assign_next(reviewer=reviewer)
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer2)


def test_a_reviewer_holds_at_most_the_configured_number_of_leases(reviewer, settings):
    ClaimFactory.create_batch(3)
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 2
    claim_assign_next(reviewer=reviewer)
    claim_assign_next(reviewer=reviewer)
    with pytest.raises(TooManyLeases):
        claim_assign_next(reviewer=reviewer)


def test_release_returns_the_claim_and_skip_keeps_it_from_the_same_reviewer(reviewer, reviewer2):
    claim = ClaimFactory()
    first = claim_assign_next(reviewer=reviewer)
    assignment_release(assignment_id=first.pk, reviewer=reviewer, reason="need coffee")
    again = claim_assign_next(reviewer=reviewer)
    assert again.claim == claim
    assignment_release(assignment_id=again.pk, reviewer=reviewer, reason="conflict of interest", skip=True)
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer)
    assert claim_assign_next(reviewer=reviewer2).claim == claim
    assert Assignment.objects.get(pk=again.pk).reason == "conflict of interest"


def test_releasing_someone_elses_lease_is_refused(reviewer, reviewer2):
    ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    with pytest.raises(ClaimNotHeld):
        assignment_release(assignment_id=assignment.pk, reviewer=reviewer2)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.ACTIVE


def test_expired_leases_come_back_to_the_queue(reviewer, reviewer2):
    claim = ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    later = timezone.now() + timedelta(minutes=11)
    assert assignment_release_expired(now=later) == 1
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.EXPIRED
    claim.refresh_from_db()
    assert claim.lease_count == 0
    assert claim_assign_next(reviewer=reviewer2, now=later).claim == claim


def test_several_reviews_per_claim_hand_out_distinct_reviewers(reviewer, reviewer2):
    article = ArticleFactory(required_reviews=2)
    claim = ClaimFactory(article=article)
    assert claim_assign_next(reviewer=reviewer).claim == claim
    assert claim_assign_next(reviewer=reviewer2).claim == claim
    third = UserFactory(username="third", roles=["reviewer"])
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=third)
    with pytest.raises(TooManyLeases):
        claim_assign_next(reviewer=reviewer)


@pytest.mark.django_db(transaction=True)
def test_concurrent_hand_out_never_gives_one_claim_to_two_reviewers(settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 5
    if connection.vendor != "postgresql":
        pytest.skip("concurrent hand-out with SKIP LOCKED is exercised on PostgreSQL (set DATABASE_URL)")
    reviewers = [UserFactory(username=f"conc{i}", roles=["reviewer"]) for i in range(8)]
    claims = ClaimFactory.create_batch(40)
    barrier = threading.Barrier(len(reviewers))
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            for _ in range(5):
                assignment = claim_assign_next(reviewer=user)
                with lock:
                    taken.append(assignment.claim_id)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(user,)) for user in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(taken) == 40 == len(set(taken)), "a claim was handed to two reviewers"
    assert set(taken) == {claim.pk for claim in claims}
    assert set(Claim.objects.values_list("lease_count", flat=True)) == {1}
    assert Assignment.objects.filter(state=AssignmentState.ACTIVE).count() == 40
