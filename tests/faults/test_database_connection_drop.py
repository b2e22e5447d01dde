"""PostgreSQL drops the connection in the middle of a verdict request.

Another connection kills the request's backend (``pg_terminate_backend``) after the review row
was written but before the transaction committed. The request must fail cleanly (a 500, no
half-written verdict), what was committed before must survive, the lease must still be held, and
the reviewer's retry must record the verdict exactly once.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import Assignment, AssignmentState, AuditEvent, Claim, Review
from reviews.services import verdicts
from reviews.services.queue import claim_assign_next
from tests.factories import ClaimFactory, ReviewFactory

EVIDENCE = [{"url": "https://example.org/record", "title": "Record"}]  # a supported verdict cites a link

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend is PostgreSQL's"),
]


def terminate_backend(pid: int) -> None:
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


def test_a_connection_dropped_mid_verdict_fails_cleanly_loses_nothing_and_the_retry_counts_once(
    reviewer, reviewer2, monkeypatch
):
    done = ClaimFactory(status="supported", review_count=1)
    earlier = ReviewFactory(claim=done, reviewer=reviewer2, note="committed before the fault")
    ClaimFactory(required_reviews=1)
    assignment = claim_assign_next(reviewer=reviewer)
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(reviewer)

    real_settle = verdicts.claim_settle
    dropped: list[int] = []

    def settle_after_the_connection_drops(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not dropped:
            dropped.append(connection.connection.info.backend_pid)
            terminate_backend(dropped[0])
        return real_settle(*args, **kwargs)

    monkeypatch.setattr(verdicts, "claim_settle", settle_after_the_connection_drops)
    url = reverse("queue-verdict", args=[assignment.pk])
    response = api.post(url, {"verdict": "supported", "note": "first try", "evidence": EVIDENCE}, format="json")

    assert dropped, f"the fault was not injected: {response.status_code} {response.content[:300]!r}"
    assert response.status_code == 500
    assert "first try" not in response.content.decode()  # no traceback or data in the error page
    # What Django does when a request finishes: throw away the broken connection.
    close_old_connections()
    connection.close_if_unusable_or_obsolete()

    assert not Review.objects.filter(note="first try").exists(), "a half-written verdict survived"
    assert Review.objects.filter(pk=earlier.pk, note="committed before the fault").exists()
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.ACTIVE
    claim = Claim.objects.get(pk=assignment.claim_id)
    assert (claim.status, claim.review_count, claim.lease_count) == ("pending", 0, 1)

    retry = api.post(url, {"verdict": "supported", "note": "second try", "evidence": EVIDENCE}, format="json")
    assert retry.status_code == 201, retry.content
    assert list(Review.objects.filter(claim=claim).values_list("note", flat=True)) == ["second try"]
    claim.refresh_from_db()
    assert (claim.status, claim.review_count, claim.lease_count) == ("supported", 1, 0)
    assert AuditEvent.objects.filter(claim=claim, action="verdict_recorded").count() == 1

    again = api.post(url, {"verdict": "speculative"}, format="json")
    assert again.status_code == 409  # a second submit is refused: never double-reviewed
    assert Review.objects.filter(claim=claim).count() == 1
