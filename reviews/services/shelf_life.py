"""Verdict shelf-life: a re-review date after which a decided claim goes back to the queue.

A reviewer (with their verdict, or later on a claim they reviewed) or an editor sets
``Claim.rereview_on``. A beat task (``reviews.return_due_rereviews``, hourly) reopens every decided
claim whose date has come: a new review round, earlier reviews kept in history. Reports compiled on
or after the date flag the verdict as due (``reviews.selectors.shelf_life.claim_rereview_due``)
until a new decision is made.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reviews.exceptions import ClaimStateConflict, InvalidRereviewDate, NotAllowed, NotFound
from reviews.models import FINAL_STATUSES, UNCOUNTED_STATUSES, AuditAction, Claim, Review
from reviews.roles import is_editor
from reviews.services.audit import audit_record
from reviews.services.clearance import RevocationCause

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def rereview_check(on: date) -> date:
    if on <= timezone.localdate():
        raise InvalidRereviewDate("A re-review date must be in the future.")
    return on


def claim_schedule_rereview_locked(*, claim: Claim, user: User, on: date | None, reason: str = "") -> Claim:
    """Set (or clear, with ``on=None``) the re-review date. Caller holds the claim row lock."""
    before = claim.rereview_on.isoformat() if claim.rereview_on else ""
    claim.rereview_on = on
    claim.rereview_reason = reason.strip()[:500] if on else ""
    claim.rereview_set_by = user if on else None
    Claim.objects.filter(pk=claim.pk).update(
        rereview_on=claim.rereview_on, rereview_reason=claim.rereview_reason, rereview_set_by=claim.rereview_set_by
    )
    audit_record(
        action=AuditAction.REREVIEW_SCHEDULED,
        actor=user,
        claim=claim,
        before=before,
        after=on.isoformat() if on else "",
        reason=claim.rereview_reason,
    )
    return claim


def claim_schedule_rereview(*, claim_id: int, user: User, on: date | None, reason: str = "") -> Claim:
    """An editor, or a reviewer who reviewed the claim, gives its verdict a re-review date (or removes it)."""
    if on is not None:
        rereview_check(on)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        if not is_editor(user) and not Review.objects.filter(claim=claim, reviewer=user).exists():
            raise NotAllowed("Only an editor or a reviewer of this claim can set its re-review date.")
        if claim.status in UNCOUNTED_STATUSES:
            raise ClaimStateConflict(f"A {claim.get_status_display().lower()} claim is not re-reviewed.")
        return claim_schedule_rereview_locked(claim=claim, user=user, on=on, reason=reason)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def claims_due_for_rereview(*, today: date | None = None) -> list[int]:
    """Decided claims whose re-review date has come and that were not decided again since."""
    today = today or timezone.localdate()
    due = Claim.objects.filter(rereview_on__lte=today, status__in=list(FINAL_STATUSES)).values_list(
        "pk", "rereview_on", "finalised_at"
    )
    # rereview_on__lte leaves out claims with no date: ``on`` is set on every row.
    return [pk for pk, on, finalised in due if on is not None and (finalised is None or finalised < _start_of(on))]


def claims_return_due_rereviews(*, today: date | None = None) -> list[int]:
    """Reopen every claim due for re-review (the beat task). Safe to run concurrently or twice."""
    from reviews.services.adjudication import claim_reopen

    returned: list[int] = []
    for claim_id in claims_due_for_rereview(today=today):
        claim = Claim.objects.select_related("rereview_set_by").get(pk=claim_id)
        who = claim.rereview_set_by.get_username() if claim.rereview_set_by else "someone"
        reason = f"re-review date {claim.rereview_on} reached (set by {who}" + (
            f": {claim.rereview_reason})" if claim.rereview_reason else ")"
        )
        with transaction.atomic():
            locked = Claim.objects.select_for_update().filter(pk=claim_id, status__in=list(FINAL_STATUSES)).first()
            if locked is None or locked.rereview_on is None or locked.rereview_on > (today or timezone.localdate()):
                continue  # another run got there first, or the date moved
            if locked.finalised_at is not None and locked.finalised_at >= _start_of(locked.rereview_on):
                continue
            try:
                claim_reopen(claim_id=claim_id, editor=None, reason=reason, cause=RevocationCause.REREVIEW_DUE)
            except ClaimStateConflict:
                continue
            audit_record(action=AuditAction.REREVIEW_DUE, claim=claim, reason=reason)
        returned.append(claim_id)
    return returned
