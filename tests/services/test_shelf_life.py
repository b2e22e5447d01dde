"""Verdict shelf-life: re-review dates, the beat task that returns claims, and the report flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from reviews.exceptions import ClaimStateConflict, InvalidRereviewDate, NotAllowed
from reviews.models import AuditEvent, Claim, ClaimStatus, Review
from reviews.selectors.report_document import report_claim_entries
from reviews.selectors.shelf_life import claim_rereview_due
from reviews.services.queue import claim_assign_next, claims_open_for
from reviews.services.shelf_life import claim_schedule_rereview, claims_return_due_rereviews
from reviews.services.verdicts import verdict_record
from reviews.tasks import return_due_rereviews
from tests.factories import ClaimFactory, ReviewFactory, verdict_extras

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def decided(reviewer):
    """A claim rita found supported, with a re-review date in a week."""
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    verdict_record(
        assignment_id=held.pk,
        reviewer=reviewer,
        verdict="supported",
        rereview_on=today() + timedelta(days=7),
        **verdict_extras("supported"),
    )
    claim.refresh_from_db()
    return claim


def test_a_reviewer_gives_the_verdict_a_re_review_date_with_it(decided, reviewer):
    assert (decided.status, decided.rereview_on, decided.rereview_set_by) == (
        "supported",
        today() + timedelta(days=7),
        reviewer,
    )
    assert AuditEvent.objects.filter(claim=decided, action="rereview_scheduled", actor=reviewer).exists()
    assert not claim_rereview_due(decided)


def test_a_date_in_the_past_or_today_is_refused(reviewer):
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    with pytest.raises(InvalidRereviewDate):
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative", rereview_on=today())
    assert not Review.objects.exists()


def test_editors_set_any_claims_date_reviewers_only_claims_they_reviewed(decided, editor, reviewer2):
    claim_schedule_rereview(claim_id=decided.pk, user=editor, on=today() + timedelta(days=30), reason="budget year")
    assert Claim.objects.get(pk=decided.pk).rereview_reason == "budget year"
    with pytest.raises(NotAllowed):
        claim_schedule_rereview(claim_id=decided.pk, user=reviewer2, on=today() + timedelta(days=3))
    withdrawn = ClaimFactory(status="withdrawn")
    with pytest.raises(ClaimStateConflict):
        claim_schedule_rereview(claim_id=withdrawn.pk, user=editor, on=today() + timedelta(days=3))
    claim_schedule_rereview(claim_id=decided.pk, user=editor, on=None)
    assert Claim.objects.get(pk=decided.pk).rereview_on is None


def test_on_the_date_the_claim_returns_to_the_queue_with_its_history(decided, reviewer, reviewer2):
    week = today() + timedelta(days=7)
    assert claims_return_due_rereviews(today=week - timedelta(days=1)) == []
    assert claims_return_due_rereviews(today=week) == [decided.pk]
    assert claims_return_due_rereviews(today=week) == []  # idempotent
    claim = Claim.objects.get(pk=decided.pk)
    assert (claim.status, claim.review_round, claim.review_count) == (ClaimStatus.PENDING, 2, 0)
    assert Review.objects.filter(claim=claim, review_round=1, reviewer=reviewer).exists()  # history kept
    assert AuditEvent.objects.filter(claim=claim, action="rereview_due").exists()
    assert claim.pk in set(claims_open_for(reviewer=reviewer2).values_list("pk", flat=True))
    assert claim_rereview_due(claim, on=week)


def test_reports_compiled_after_the_date_flag_the_verdict_until_it_is_decided_again(reviewer, reviewer2):
    claim = ClaimFactory(status="supported", finalised_at=timezone.now() - timedelta(days=10))
    ReviewFactory(claim=claim, reviewer=reviewer)
    Claim.objects.filter(pk=claim.pk).update(rereview_on=today() - timedelta(days=1))
    claim.refresh_from_db()
    yesterday = today() - timedelta(days=1)
    [entry] = report_claim_entries(claims=Claim.objects.filter(pk=claim.pk))
    assert entry.rereview == f"Due since {yesterday.day} {yesterday:%B %Y}"
    Claim.objects.filter(pk=claim.pk).update(finalised_at=timezone.now())  # decided again since
    [entry] = report_claim_entries(claims=Claim.objects.filter(pk=claim.pk))
    assert entry.rereview == f"{yesterday.day} {yesterday:%B %Y}"


def test_the_beat_runs_the_task_hourly(decided):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["reviews.return_due_rereviews"] == timedelta(hours=1)
    Claim.objects.filter(pk=decided.pk).update(rereview_on=today(), finalised_at=timezone.now() - timedelta(days=2))
    assert return_due_rereviews() == [decided.pk]
