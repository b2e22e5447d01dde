from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
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


def _verdict_rows(review: Review) -> dict[str, object]:
    """What a verdict wrote, without ids and times (which differ between two verdicts)."""
    times = {"id", "created_at", "updated_at", "at", "closed_at", "finalised_at", "leased_at", "expires_at"}

    def plain(row: dict[str, object]) -> dict[str, object]:
        return {key: value for key, value in row.items() if key not in times and not key.endswith("_id")}

    stored = Review.objects.filter(pk=review.pk)
    return {
        "review": plain(stored.values().get()),
        "lease": plain(Assignment.objects.filter(pk=review.assignment_id).values().get()),
        "claim": plain(stored.values("claim__status", "claim__review_count", "claim__lease_count").get()),
        "audit": [
            {**plain(row), "data": {k: v for k, v in row["data"].items() if k != "review"}}
            for row in AuditEvent.objects.filter(
                claim_id=review.claim_id, action__in=["verdict_recorded", "status_changed"]
            )
            .order_by("pk")
            .values()
        ],
    }


def test_the_verdicts_one_statement_writes_are_the_orms_one_by_one(reviewer, monkeypatch):
    """On PostgreSQL a verdict is three statements (``saves_run``); elsewhere the ORM's saves, one by one."""
    from django.db import connection

    from reviews.services import statements

    if not statements.one_statement_saves():
        pytest.skip("PostgreSQL's data-modifying WITH")
    first, second = ClaimFactory(score=0.9), ClaimFactory(score=0.1)
    fast = claim_assign_next(reviewer=reviewer)
    fast_review = verdict_record(
        assignment_id=fast.pk, reviewer=reviewer, verdict="needs_source", **verdict_extras("needs_source"), note=" n "
    )
    monkeypatch.setattr(statements, "one_statement_saves", lambda: False)
    monkeypatch.setattr(connection.features, "has_select_for_update", False)  # the portable lease lookup too
    portable = claim_assign_next(reviewer=reviewer)
    portable_review = verdict_record(
        assignment_id=portable.pk,
        reviewer=reviewer,
        verdict="needs_source",
        **verdict_extras("needs_source"),
        note=" n ",
    )
    assert (fast.claim_id, portable.claim_id) == (first.pk, second.pk)
    fast_rows = _verdict_rows(fast_review)
    assert fast_rows == _verdict_rows(portable_review)
    assert fast_rows["claim"] == {"claim__status": "needs_source", "claim__review_count": 1, "claim__lease_count": 0}
    assert [row["action"] for row in fast_rows["audit"]] == ["verdict_recorded", "status_changed"]  # type: ignore[index]
    assert Review.objects.get(pk=fast_review.pk).created_at == fast_review.created_at  # the instance is the row


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the verdict outside a transaction runs on PostgreSQL only"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_verdict_outside_a_transaction_writes_what_the_locked_one_writes(reviewer):
    """Outside a transaction a verdict is two statements of their own (read, then every write if the
    claim and the lease are still as read); in a caller's transaction the claim's row is locked. Same rows."""
    from django.db import transaction

    first, second = ClaimFactory(score=0.9), ClaimFactory(score=0.1)
    extras = verdict_extras("supported")
    unlocked = verdict_record(
        assignment_id=claim_assign_next(reviewer=reviewer).pk, reviewer=reviewer, verdict="supported", **extras
    )
    with transaction.atomic():
        locked = verdict_record(
            assignment_id=claim_assign_next(reviewer=reviewer).pk, reviewer=reviewer, verdict="supported", **extras
        )
    assert (unlocked.claim_id, locked.claim_id) == (first.pk, second.pk)
    assert _verdict_rows(unlocked) == _verdict_rows(locked)
    assert [row.data["review"] for row in AuditEvent.objects.filter(action="verdict_recorded").order_by("pk")] == [
        unlocked.pk,
        locked.pk,
    ]
    assert [link.review_id for link in unlocked.evidence.all()] == [unlocked.pk]


def _meanwhile(monkeypatch, action) -> None:  # type: ignore[no-untyped-def]
    """Run ``action`` on another connection once, after the verdict has read the lease and its claim and
    before it writes (its writes then find them changed)."""
    import threading

    from django.db import connections

    from reviews.services import verdicts

    read = verdicts._round_verdicts
    done: list[bool] = []

    def run_between(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not done:
            done.append(True)
            errors: list[BaseException] = []

            def other() -> None:
                try:
                    action()
                except BaseException as error:
                    errors.append(error)
                finally:
                    connections.close_all()

            thread = threading.Thread(target=other)
            thread.start()
            thread.join()
            assert not errors, errors
        return read(*args, **kwargs)

    monkeypatch.setattr(verdicts, "_round_verdicts", run_between)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_claim_changed_between_the_read_and_the_write_gets_the_verdict_under_its_row_lock(
    reviewer, reviewer2, monkeypatch
):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    held = claim_assign_next(reviewer=reviewer)
    _meanwhile(monkeypatch, lambda: claim_assign_next(reviewer=reviewer2))  # takes the claim's other slot
    review = verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative")
    claim.refresh_from_db()
    assert (claim.status, claim.review_count, claim.lease_count) == (ClaimStatus.PENDING, 1, 1)
    assert list(Review.objects.filter(claim=claim).values_list("pk", flat=True)) == [review.pk]
    assert AuditEvent.objects.filter(claim=claim, action="verdict_recorded").count() == 1
    assert Assignment.objects.get(pk=held.pk).state == AssignmentState.SUBMITTED


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_lease_closed_between_the_read_and_the_write_is_refused_and_nothing_is_written(reviewer, monkeypatch):
    from reviews.services.queue import assignment_release

    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    _meanwhile(monkeypatch, lambda: assignment_release(assignment_id=held.pk, reviewer=reviewer))
    with pytest.raises(ClaimNotHeld):
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative")
    claim.refresh_from_db()
    assert (claim.status, claim.review_count, claim.lease_count) == (ClaimStatus.PENDING, 0, 0)
    assert not Review.objects.filter(claim=claim).exists()
    assert not AuditEvent.objects.filter(claim=claim, action="verdict_recorded").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_verdict_that_settles_a_claim_with_webhooks_to_send_runs_under_the_row_lock(reviewer, editor, monkeypatch):
    """Deliveries are queued once the verdict commits: that verdict takes the locked run."""
    from reviews.models import WebhookDelivery
    from reviews.services import webhooks

    queued: list[tuple[int, bool]] = []
    monkeypatch.setattr(webhooks, "_enqueue_on_commit", lambda pk: queued.append((pk, connection.in_atomic_block)))
    webhooks.webhook_endpoint_create(user=editor, url="https://hooks.example.org/claims", events=["claim.finalised"])
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative")
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload == {"claim_id": claim.pk, "article_id": claim.article_id, "status": "speculative"}
    assert queued == [(delivery.pk, True)]  # queued in the verdict's transaction, sent once it commits
