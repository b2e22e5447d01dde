"""Leases at the edge of expiry: 1 ms either side, and a sweep racing verdicts under load."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.models import Count, Q
from django.utils import timezone

from reviews.exceptions import ClaimNotHeld, NothingToReview
from reviews.models import Assignment, AssignmentState, Claim, Review
from reviews.services.queue import assignment_release_expired, claim_assign_next
from reviews.services.verdicts import verdict_record
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, verdict_extras

MS = timedelta(milliseconds=1)
SUPPORTED = verdict_extras("supported")  # the evidence gate: a supported verdict cites a link
_clock = threading.local()
_real_now = timezone.now


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """Set ``timezone.now()`` per thread: ``clock(at)`` for the calling thread."""

    def now():  # type: ignore[no-untyped-def]
        return getattr(_clock, "at", None) or _real_now()

    monkeypatch.setattr(timezone, "now", now)

    def set_clock(at):  # type: ignore[no-untyped-def]
        _clock.at = at

    yield set_clock
    _clock.at = None


def leased(reviewer):  # type: ignore[no-untyped-def]
    ClaimFactory(required_reviews=1)
    return claim_assign_next(reviewer=reviewer)


def test_a_verdict_1_ms_before_expiry_is_recorded(reviewer, clock):
    assignment = leased(reviewer)
    clock(assignment.expires_at - MS)
    review = verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="supported", **SUPPORTED)
    assert review.assignment_id == assignment.pk
    assert Claim.objects.get(pk=assignment.claim_id).status == "supported"


@pytest.mark.parametrize("offset", [timedelta(0), MS])
def test_a_verdict_at_or_1_ms_after_expiry_is_refused_and_writes_nothing(reviewer, clock, offset):
    assignment = leased(reviewer)
    clock(assignment.expires_at + offset)
    with pytest.raises(ClaimNotHeld, match="expired"):
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="supported", **SUPPORTED)
    assert not Review.objects.exists()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ACTIVE  # the sweep, not the refused verdict, closes it
    claim = Claim.objects.get(pk=assignment.claim_id)
    assert (claim.status, claim.review_count, claim.lease_count) == ("pending", 0, 1)


def test_the_sweep_releases_a_lease_at_its_expiry_not_1_ms_before(reviewer, reviewer2, clock):
    assignment = leased(reviewer)
    assert assignment_release_expired(now=assignment.expires_at - MS) == 0
    assert assignment_release_expired(now=assignment.expires_at) == 1
    assert assignment_release_expired(now=assignment.expires_at + MS) == 0  # once only
    clock(assignment.expires_at + MS)
    taken = claim_assign_next(reviewer=reviewer2)
    assert taken.claim_id == assignment.claim_id
    with pytest.raises(ClaimNotHeld):
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="supported", **SUPPORTED)
    verdict_record(assignment_id=taken.pk, reviewer=reviewer2, verdict="speculative")
    assert list(Review.objects.values_list("reviewer__username", flat=True)) == ["rob"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL")
def test_verdicts_and_the_sweep_racing_at_the_expiry_edge_never_double_review_or_lose_a_slot(clock):
    """30 reviewers submit 1 ms before expiry while sweeps (1 ms after) and new hand-outs run at once."""
    article = ArticleFactory()
    for position in range(30):
        ClaimFactory(article=article, position=position, required_reviews=1)
    reviewers = [UserFactory(username=f"edge-{n}", roles=["reviewer"]) for n in range(30)]
    late = [UserFactory(username=f"late-{n}", roles=["reviewer"]) for n in range(10)]
    start = _real_now()
    assignments = []
    for reviewer in reviewers:
        clock(start)
        assignments.append(claim_assign_next(reviewer=reviewer))
    expiry = assignments[0].expires_at
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(reviewers) + 4 + len(late))

    def run(at, action):  # type: ignore[no-untyped-def]
        try:
            clock(at)
            barrier.wait(10)
            action()
        except (ClaimNotHeld, NothingToReview):
            pass  # lost the race to the sweep, or nothing left to hand out: refused cleanly
        except BaseException as error:  # collected and reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=run,
            args=(
                expiry - MS,
                lambda a=a, r=r: verdict_record(assignment_id=a.pk, reviewer=r, verdict="supported", **SUPPORTED),
            ),
        )
        for a, r in zip(assignments, reviewers, strict=True)
    ]
    threads += [threading.Thread(target=run, args=(expiry + MS, assignment_release_expired)) for _ in range(4)]
    threads += [
        threading.Thread(target=run, args=(expiry + MS, lambda r=r: claim_assign_next(reviewer=r))) for r in late
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    clock(None)

    assert not errors, errors
    submitted = Assignment.objects.filter(state=AssignmentState.SUBMITTED).count()
    expired = Assignment.objects.filter(state=AssignmentState.EXPIRED).count()
    assert submitted + expired == len(reviewers), "every edge lease ended one way or the other"
    assert Review.objects.count() == submitted
    assert not Review.objects.filter(assignment__state=AssignmentState.EXPIRED).exists()
    counted = Claim.objects.annotate(
        n_reviews=Count("reviews", distinct=True),
        n_active=Count("assignments", filter=Q(assignments__state=AssignmentState.ACTIVE), distinct=True),
    )
    for claim in counted:
        assert claim.review_count == claim.n_reviews <= claim.required_reviews, claim.pk
        assert claim.lease_count == claim.n_active, claim.pk
        assert claim.n_reviews + claim.n_active <= claim.required_reviews, claim.pk
