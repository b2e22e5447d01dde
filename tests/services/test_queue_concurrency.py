"""16 reviewers drain 2,000 two-review claims at once on PostgreSQL: nothing lost, nothing doubled."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import Count

from benchmarks.queue import queue_reviewers, queue_seed
from reviews.exceptions import NothingToReview
from reviews.models import Assignment, AssignmentState, Claim, ClaimStatus, Review
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import verdict_record
from tests.factories import verdict_extras

REVIEWERS = 16
CLAIMS = 2000
REVIEWS_PER_CLAIM = 2


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sixteen_reviewers_drain_two_thousand_claims_with_two_reviews_each():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SKIP LOCKED and real row locks); SQLite serialises writers instead")
    queue_seed(claims=CLAIMS, required_reviews=REVIEWS_PER_CLAIM)
    users = list(get_user_model().objects.filter(pk__in=queue_reviewers(count=REVIEWERS)))
    barrier = threading.Barrier(REVIEWERS)
    errors: list[BaseException] = []
    done: Counter[int] = Counter()
    lock = threading.Lock()

    def work(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            while True:
                try:
                    assignment = claim_assign_next(reviewer=user)
                except NothingToReview as empty:
                    if "taken by other reviewers" in empty.message:
                        continue
                    return
                verdict_record(
                    assignment_id=assignment.pk, reviewer=user, verdict="supported", **verdict_extras("supported")
                )
                with lock:
                    done[user.pk] += 1
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    assert not errors, errors[:3]
    total = CLAIMS * REVIEWS_PER_CLAIM
    assert sum(done.values()) == total
    assert Review.objects.count() == total
    per_claim = Review.objects.values("claim_id").annotate(n=Count("pk"), reviewers=Count("reviewer", distinct=True))
    assert {(row["n"], row["reviewers"]) for row in per_claim} == {(2, 2)}
    assert len(per_claim) == CLAIMS
    assert not Claim.objects.filter(status=ClaimStatus.PENDING).exists()
    assert set(Claim.objects.values_list("review_count", "lease_count").distinct()) == {(2, 0)}
    # Every lease was used exactly once: one assignment per review, none left active.
    assert Assignment.objects.count() == total
    assert set(Assignment.objects.values_list("state", flat=True).distinct()) == {AssignmentState.SUBMITTED}
    assert len(done) == REVIEWERS, "some reviewer never got a claim"
    print(f"\n{total} reviews by {REVIEWERS} reviewers in {elapsed:.1f}s; per reviewer: {sorted(done.values())}")
