"""The queue bench's reviewer processes really review: every hand-out gets a verdict, no errors."""

from __future__ import annotations

import pytest
from django.db import connection

from benchmarks.queue import queue_measure, queue_seed
from reviews.models import Assignment, AssignmentState, Claim, ClaimStatus, Review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="forked reviewer processes need a database server (an in-memory SQLite test database is per process)",
    ),
]


@pytest.mark.parametrize("think_s", [(0.0, 0.0), (0.0, 0.01)], ids=["saturated", "paced"])
def test_reviewer_processes_take_and_settle_claims_and_report_latencies(think_s):
    queue_seed(claims=40)
    seen: list[tuple[int, int]] = []

    figures = queue_measure(
        reviewers=3, handouts_per_reviewer=4, think_s=think_s, progress=lambda done, total: seen.append((done, total))
    )

    assert (figures["errors"], figures["first_error"]) == (0, "")
    assert (figures["reviewers"], figures["handouts"]) == (3, 12)
    for key in ("next_claim_p50_ms", "next_claim_p95_ms", "verdict_p50_ms", "verdict_p95_ms", "handouts_per_s"):
        assert isinstance(figures[key], float) and figures[key] > 0, key
    assert figures["next_claim_p50_ms"] <= figures["next_claim_p95_ms"]
    assert seen[-1] == (12, 12)
    # What the processes did is in the database: 12 measured single-review claims settled, plus one
    # unmeasured warm-up cycle per reviewer, and no lease left open.
    assert Review.objects.count() == 12 + 3
    assert Review.objects.filter(note="bench warm-up").count() == 3
    assert Claim.objects.exclude(status=ClaimStatus.PENDING).count() == 12 + 3
    assert not Assignment.objects.filter(state=AssignmentState.ACTIVE).exists()
