"""Handing claims out to reviewers under a lease. All queue concurrency lives here.

A claim has ``required_reviews`` slots. A slot is taken by an active lease or a submitted
review, tracked on the claim row (``lease_count``, ``review_count``) so the hand-out is one
indexed query. Taking a slot is a guarded conditional UPDATE: "if exactly one row changed, the
slot is mine". That is correct on every database; on PostgreSQL the candidate is also picked
with ``SELECT ... FOR UPDATE SKIP LOCKED`` so concurrent reviewers do not queue up behind one
row.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from reviews.exceptions import (
    AssignmentNotFound,
    ClaimHandedOver,
    ClaimNotHeld,
    InvalidInput,
    NotFound,
    NothingToReview,
    ReviewerUnavailable,
    TooManyLeases,
)
from reviews.models import (
    ASSIGNMENT_STATES_DONE_BY_REVIEWER,
    Article,
    Assignment,
    AssignmentState,
    AuditAction,
    AuditEvent,
    Claim,
    ClaimStatus,
    Review,
)
from reviews.roles import is_reviewer
from reviews.services.audit import audit_record
from reviews.services.recusals import recusal_exclusion, recusal_for_claim

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet

_CANDIDATES_PER_ROUND = 5
_MAX_ROUNDS = 20
_BACKOFF_SECONDS = 0.002


# The queue order; it matches the partial index ``claim_pending_queue_idx`` column for column so
# the hand-out is an index scan that stops at the first free row.
QUEUE_ORDER = (
    F("priority").desc(),
    F("deadline").asc(nulls_last=True),
    F("score").desc(),
    F("created_at").asc(),
    F("id").asc(),
)


def lease_duration() -> timedelta:
    return timedelta(minutes=settings.REVIEW_LEASE_MINUTES)


# A claim the reviewer skipped comes back to them, but only once the rest of their queue is done.
_DONE_UNLESS_SKIPPED = tuple(state for state in ASSIGNMENT_STATES_DONE_BY_REVIEWER if state != AssignmentState.SKIPPED)


def claims_open_for(
    *, reviewer: AbstractBaseUser, article_id: int | None = None, desk: str = "", include_skipped: bool = False
) -> QuerySet[Claim]:
    """Claims the reviewer could be handed now, best first: pending, a slot free, never theirs before.

    ``include_skipped``: also the claims they skipped (the queue offers those once nothing else is left).
    """
    states = _DONE_UNLESS_SKIPPED if include_skipped else ASSIGNMENT_STATES_DONE_BY_REVIEWER
    mine = Assignment.objects.filter(claim=OuterRef("pk"), reviewer=reviewer, state__in=states)
    claims = Claim.objects.filter(
        status=ClaimStatus.PENDING,
        review_count__lt=F("required_reviews") - F("lease_count"),
    ).exclude(Exists(mine))
    recused = recusal_exclusion(reviewer=reviewer)  # conflicts of interest (services/recusals.py)
    if recused is not None:
        claims = claims.exclude(recused)
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    if desk:
        claims = claims.filter(article_id__in=Article.objects.filter(desk=desk).values("pk"))
    return claims.order_by(*QUEUE_ORDER)


def _take_slot(claim_id: int) -> bool:
    taken = Claim.objects.filter(
        pk=claim_id,
        status=ClaimStatus.PENDING,
        review_count__lt=F("required_reviews") - F("lease_count"),
    ).update(lease_count=F("lease_count") + 1)
    return taken == 1


def _check_lease_limit(*, reviewer: AbstractBaseUser, now: datetime) -> None:
    """Refuse a new lease past ``REVIEW_MAX_LEASES_PER_REVIEWER``. Caller is in a transaction.

    The portable path (PostgreSQL does this in ``_LEASE_LIMIT_SQL``). Where the database can, the
    reviewer's user row is locked first, so two simultaneous requests by the same reviewer cannot
    both pass the count.
    """
    if connection.features.has_select_for_update:
        list(get_user_model().objects.select_for_update().filter(pk=reviewer.pk).values_list("pk", flat=True))
    held = Assignment.objects.filter(reviewer=reviewer, state=AssignmentState.ACTIVE, expires_at__gt=now).count()
    if held >= settings.REVIEW_MAX_LEASES_PER_REVIEWER:
        raise TooManyLeases(f"You already hold {held} claim(s); submit, release or skip before taking another.")


def claim_assign_next(
    *, reviewer: AbstractBaseUser, article_id: int | None = None, desk: str = "", now: datetime | None = None
) -> Assignment:
    """Lease the best open claim to ``reviewer``, optionally only from one article or desk.

    Raises ``TooManyLeases`` when the reviewer already holds the maximum number of leases and
    ``NothingToReview`` when no claim is open for them. Claims the reviewer skipped come back
    (best first) once nothing else is open for them.
    """
    if now is not None or _sweep_due():
        assignment_release_expired(now=now)
    now = now or timezone.now()
    try:
        return _assign_next(reviewer=reviewer, article_id=article_id, desk=desk, now=now, include_skipped=False)
    except NothingToReview:
        skipped = Assignment.objects.filter(
            reviewer=reviewer, state=AssignmentState.SKIPPED, claim__status=ClaimStatus.PENDING
        )
        if not skipped.exists():
            raise
        return _assign_next(reviewer=reviewer, article_id=article_id, desk=desk, now=now, include_skipped=True)


def _assign_next(
    *, reviewer: AbstractBaseUser, article_id: int | None, desk: str, now: datetime, include_skipped: bool
) -> Assignment:
    if connection.features.has_select_for_update_skip_locked:
        return _assign_next_postgresql(
            reviewer=reviewer, article_id=article_id, desk=desk, now=now, include_skipped=include_skipped
        )
    candidates = claims_open_for(reviewer=reviewer, article_id=article_id, desk=desk, include_skipped=include_skipped)
    for attempt in range(_MAX_ROUNDS):
        with transaction.atomic():
            _check_lease_limit(reviewer=reviewer, now=now)
            for claim_id in candidates.values_list("pk", flat=True)[:_CANDIDATES_PER_ROUND]:
                if _take_slot(claim_id):
                    return _lease(claim_id=claim_id, reviewer=reviewer, now=now)
        # Nothing taken: the queue is empty for this reviewer, or another reviewer took each
        # candidate's last slot this instant.
        if not candidates.exists():
            raise NothingToReview("No claims are waiting for you. Well done.")
        time.sleep(_BACKOFF_SECONDS * (attempt + 1))
    raise NothingToReview("Every open claim is being taken by other reviewers right now; try again.")


def _assign_next_postgresql(
    *, reviewer: AbstractBaseUser, article_id: int | None, desk: str, now: datetime, include_skipped: bool = False
) -> Assignment:
    """The hand-out on PostgreSQL: two statements per attempt, both written out in SQL.

    1. Lock the reviewer's user row (two simultaneous requests by one reviewer cannot both pass
       the lease limit), count their live leases, see whether they declared recusals, and let
       this transaction commit without waiting for the disk (``_LEASE_LIMIT_SQL``).
    2. Pick the best open claim not locked by another hand-out (``FOR UPDATE SKIP LOCKED``),
       take a slot, insert the lease and its audit row (``_lease_first_unlocked``).

    The candidate condition is ``claims_open_for`` written in SQL; a reviewer with recusals gets
    the ORM's compiled version of it instead (recusal terms are matched in Python-built
    conditions). A test checks that both pick what ``claims_open_for`` would.
    """
    candidates: QuerySet[Claim] | None = None
    # Only a transaction of our own commits without waiting for the disk: inside a caller's
    # transaction the setting would also cover the caller's other writes.
    lease_limit_sql = _LEASE_LIMIT_SQL if connection.in_atomic_block else _LEASE_LIMIT_ASYNC_COMMIT_SQL
    for attempt in range(_MAX_ROUNDS):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(lease_limit_sql, [AssignmentState.ACTIVE, now, reviewer.pk, reviewer.pk])
                held, has_recusals, _ = cursor.fetchone()
            if held >= settings.REVIEW_MAX_LEASES_PER_REVIEWER:
                raise TooManyLeases(f"You already hold {held} claim(s); submit, release or skip before taking another.")
            if has_recusals and candidates is None:
                candidates = claims_open_for(
                    reviewer=reviewer, article_id=article_id, desk=desk, include_skipped=include_skipped
                )
            if candidates is not None:
                pick = _compiled_pick(candidates)
            else:
                pick = _open_claim_pick(
                    reviewer_id=reviewer.pk, article_id=article_id, desk=desk, include_skipped=include_skipped
                )
            assignment = _lease_first_unlocked(pick, reviewer=reviewer, now=now)
            if assignment is not None:
                return assignment
        # Nothing taken: either the queue is empty for this reviewer, or every open claim is
        # locked by another reviewer's hand-out this instant (it may still have a free slot).
        if not claims_open_for(
            reviewer=reviewer, article_id=article_id, desk=desk, include_skipped=include_skipped
        ).exists():
            raise NothingToReview("No claims are waiting for you. Well done.")
        time.sleep(_BACKOFF_SECONDS * (attempt + 1))
    raise NothingToReview("Every open claim is being taken by other reviewers right now; try again.")


# The lease limit, in one round trip (see ``_assign_next_postgresql``). ``set_config(..., true)`` (in
# the variant used when the hand-out is its own transaction) is
# ``SET LOCAL synchronous_commit TO OFF``: this transaction's COMMIT does not wait for its WAL to
# reach the disk (~5 ms here). A lease is the hottest write in the product and it is transient:
# were the database server to crash within the next ~0.6 s, the lease and its audit row vanish
# together (atomically), the claim is simply back in the queue and the reviewer's verdict is
# refused as "not your lease". Verdicts and every other write keep the durable commit (tested).
_LEASE_LIMIT_SQL = """
    SELECT (SELECT count(*) FROM reviews_assignment
             WHERE reviewer_id = u.id AND state = %s AND expires_at > %s),
           EXISTS (SELECT 1 FROM reviews_recusal WHERE reviewer_id = %s),
           NULL
    FROM auth_user u WHERE u.id = %s
    FOR UPDATE OF u
"""
_LEASE_LIMIT_ASYNC_COMMIT_SQL = _LEASE_LIMIT_SQL.replace("NULL", "set_config('synchronous_commit', 'off', true)")


_QUEUE_ORDER_SQL = "ORDER BY c.priority DESC, c.deadline ASC NULLS LAST, c.score DESC, c.created_at ASC, c.id ASC"


def _open_claim_pick(
    *, reviewer_id: int, article_id: int | None, desk: str, include_skipped: bool = False
) -> tuple[str, list[object]]:
    """``claims_open_for(...)`` as SQL: the best open claim for the reviewer, locked, or no row.

    The ORDER BY is ``QUEUE_ORDER`` and matches the partial index ``claim_pending_queue_idx``
    column for column, so this is an index scan that stops at the first free, unlocked row.
    """
    conditions = [
        "c.status = %s",
        "c.review_count < c.required_reviews - c.lease_count",
        "NOT EXISTS (SELECT 1 FROM reviews_assignment a"
        " WHERE a.claim_id = c.id AND a.reviewer_id = %s AND a.state = ANY(%s))",
    ]
    states = _DONE_UNLESS_SKIPPED if include_skipped else ASSIGNMENT_STATES_DONE_BY_REVIEWER
    params: list[object] = [ClaimStatus.PENDING, reviewer_id, [str(state) for state in states]]
    if article_id is not None:
        conditions.append("c.article_id = %s")
        params.append(article_id)
    if desk:
        conditions.append("c.article_id IN (SELECT id FROM reviews_article WHERE desk = %s)")
        params.append(desk)
    # Every condition is a constant string above; every value is a parameter.
    where = " AND ".join(conditions)
    sql = f"SELECT c.id FROM reviews_claim c WHERE {where} {_QUEUE_ORDER_SQL} LIMIT 1 FOR UPDATE OF c SKIP LOCKED"  # noqa: S608
    return sql, params


def _compiled_pick(candidates: QuerySet[Claim]) -> tuple[str, list[object]]:
    """The ORM's SQL for the first unlocked row of ``candidates`` (locking more would hide rows)."""
    sql, params = (
        candidates.select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", flat=True)[:1]
        .query.get_compiler(connection=connection)
        .as_sql()
    )
    return sql, list(params)


_last_sweep = [float("-inf")]  # this process's last expiry sweep (time.monotonic())


def _sweep_due() -> bool:
    """True at most once per ``REVIEW_SWEEP_INTERVAL_SECONDS`` in this process.

    Sweeping on every hand-out cost a query each; a lease lasts minutes, so an expired one coming
    back a few seconds later changes nothing for anyone. A hand-out "as of" an explicit ``now``
    always sweeps.
    """
    current = time.monotonic()
    if current - _last_sweep[0] < settings.REVIEW_SWEEP_INTERVAL_SECONDS:
        return False
    _last_sweep[0] = current
    return True


def _lease_first_unlocked(
    pick: tuple[str, list[object]], *, reviewer: AbstractBaseUser, now: datetime
) -> Assignment | None:
    """PostgreSQL: take, lease and audit the claim ``pick`` selects, in one statement (one round trip).

    ``pick`` is SQL selecting at most one claim id, locked with ``FOR UPDATE SKIP LOCKED``. The
    slot is taken with the same guard as ``_take_slot``; the ``Assignment`` and the
    ``claim_leased`` audit event are the rows ``_lease`` writes through the ORM on other
    databases (a test compares the two). ``None`` when no unlocked candidate is left.
    """
    pick_sql, pick_params = pick
    claim_table = connection.ops.quote_name(Claim._meta.db_table)
    assignment_table = connection.ops.quote_name(Assignment._meta.db_table)
    audit_table = connection.ops.quote_name(AuditEvent._meta.db_table)
    expires_at = now + lease_duration()
    sql = f"""
        WITH picked (id) AS ({pick_sql}),
        taken AS (
            UPDATE {claim_table} AS c SET lease_count = c.lease_count + 1
            FROM picked
            WHERE c.id = picked.id AND c.status = %s AND c.review_count < c.required_reviews - c.lease_count
            RETURNING c.id, c.article_id
        ),
        leased AS (
            INSERT INTO {assignment_table} (claim_id, reviewer_id, state, leased_at, expires_at, closed_at, reason)
            SELECT taken.id, %s, %s, %s, %s, NULL, '' FROM taken
            RETURNING id, claim_id
        ),
        audited AS (
            INSERT INTO {audit_table} (at, actor_id, action, article_id, claim_id, before, after, reason, data)
            SELECT %s, %s, %s, taken.article_id, taken.id, '', '', '',
                   jsonb_build_object('assignment', leased.id, 'reviewer', %s::integer, 'expires_at', %s::text)
            FROM leased JOIN taken ON taken.id = leased.claim_id
        )
        SELECT id, claim_id FROM leased
    """  # noqa: S608 - table names come from model metadata, every value is a parameter
    params = (
        *pick_params,
        ClaimStatus.PENDING,
        reviewer.pk,
        AssignmentState.ACTIVE,
        now,
        expires_at,
        timezone.now(),
        reviewer.pk,
        AuditAction.CLAIM_LEASED,
        reviewer.pk,
        expires_at.isoformat(),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    assignment = Assignment(
        pk=row[0],
        claim_id=row[1],
        reviewer=reviewer,
        state=AssignmentState.ACTIVE,
        leased_at=now,
        expires_at=expires_at,
    )
    assignment._state.adding = False
    assignment._state.db = connection.alias
    return assignment


def _lease(
    *,
    claim_id: int,
    reviewer: AbstractBaseUser,
    now: datetime,
    actor: AbstractBaseUser | None = None,
    reason: str = "",
    action: AuditAction | None = None,
) -> Assignment:
    claim = Claim.objects.get(pk=claim_id)
    assignment = Assignment.objects.create(
        claim=claim, reviewer=reviewer, leased_at=now, expires_at=now + lease_duration(), reason=reason
    )
    audit_record(
        action=action or (AuditAction.CLAIM_HANDED if actor is not None else AuditAction.CLAIM_LEASED),
        actor=actor or reviewer,
        claim=claim,
        reason=reason,
        data={"assignment": assignment.pk, "reviewer": reviewer.pk, "expires_at": assignment.expires_at.isoformat()},
    )
    return assignment


def _close(assignment: Assignment, *, state: AssignmentState, now: datetime) -> bool:
    """Close an active lease and give its slot back. False if it was not active any more.

    Caller is in a transaction. The claim row is locked first, the order ``verdict_record`` takes
    (claim, then assignment): a sweep closing a lease while its reviewer submits would otherwise
    lock the two rows in opposite orders and deadlock (found by tests/faults/test_lease_expiry_edges).
    """
    if connection.features.has_select_for_update:
        list(Claim.objects.select_for_update().filter(pk=assignment.claim_id).values_list("pk", flat=True))
    closed = Assignment.objects.filter(pk=assignment.pk, state=AssignmentState.ACTIVE).update(
        state=state, closed_at=now
    )
    if closed != 1:
        return False
    Claim.objects.filter(pk=assignment.claim_id, lease_count__gt=0).update(lease_count=F("lease_count") - 1)
    assignment.state = state
    assignment.closed_at = now
    return True


def assignment_get_held(
    *,
    assignment_id: int,
    reviewer: AbstractBaseUser,
    now: datetime | None = None,
    with_article: bool = True,
    lock_claim: bool = False,
) -> Assignment:
    """The reviewer's active, unexpired lease ``assignment_id``.

    ``AssignmentNotFound`` (404) when it is not theirs at all; ``ClaimNotHeld`` (409) when it was
    theirs but is closed or expired. ``with_article=False`` skips loading the article's text
    (writes do not need it). ``lock_claim=True`` (inside a transaction) also locks the claim's row
    in the same query, the lock ``_close`` and ``verdict_record`` take first.
    """
    now = now or timezone.now()
    related = ("claim", "claim__article") if with_article else ("claim",)
    held = Assignment.objects.select_related(*related).filter(pk=assignment_id, reviewer=reviewer)
    if lock_claim and connection.features.has_select_for_update:
        held = held.select_for_update(of=("claim",))
    assignment = held.first()
    if assignment is None:
        raise AssignmentNotFound("You do not hold this claim.")
    if assignment.state != AssignmentState.ACTIVE:
        raise ClaimNotHeld(f"This lease is {assignment.get_state_display().lower()}; the claim is no longer yours.")
    if assignment.expires_at <= now:
        raise ClaimNotHeld("Your lease on this claim expired; it went back to the queue.")
    return assignment


def lease_max_hold() -> timedelta:
    return timedelta(minutes=max(settings.REVIEW_LEASE_MAX_HOLD_MINUTES, settings.REVIEW_LEASE_MINUTES))


def assignment_heartbeat(*, assignment_id: int, reviewer: AbstractBaseUser, now: datetime | None = None) -> Assignment:
    """The reviewer is still at work on the claim: push the lease's end to a full lease from now.

    Never past ``leased_at + REVIEW_LEASE_MAX_HOLD_MINUTES`` (a claim is not held for ever by an
    open tab). Refused like a verdict (``ClaimNotHeld``) once the lease is closed or expired. An
    extension is audited (``lease_extended``, old and new end); a heartbeat that changes nothing
    (the cap is reached) writes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        assignment = assignment_get_held(
            assignment_id=assignment_id, reviewer=reviewer, now=now, with_article=False, lock_claim=True
        )
        new_end = min(now + lease_duration(), assignment.leased_at + lease_max_hold())
        if new_end <= assignment.expires_at:
            return assignment
        extended = Assignment.objects.filter(pk=assignment.pk, state=AssignmentState.ACTIVE).update(expires_at=new_end)
        if extended != 1:
            raise ClaimNotHeld("This lease was closed in the meantime.")
        before = assignment.expires_at
        assignment.expires_at = new_end
        audit_record(
            action=AuditAction.LEASE_EXTENDED,
            actor=reviewer,
            claim=assignment.claim,
            before=before.isoformat(timespec="seconds"),
            after=new_end.isoformat(timespec="seconds"),
            reason="reviewer active on the claim page",
            data={"assignment": assignment.pk},
        )
    return assignment


def lease_capped(assignment: Assignment) -> bool:
    """True when a heartbeat can no longer extend the lease (the maximum hold is reached)."""
    return assignment.expires_at >= assignment.leased_at + lease_max_hold()


def assignment_retake_expired(
    *, assignment_id: int, reviewer: AbstractBaseUser, now: datetime | None = None
) -> Assignment:
    """Saving after the lease ran out: take the claim again if nobody else took it meanwhile.

    Returns the reviewer's lease: the same one while it is still live, else a new one (audited
    ``lease_retaken``; the expired one is closed as expired first if the sweep has not done it).
    Only an *expired* lease can be re-taken: one the reviewer released or skipped, or an editor
    revoked, stays closed (``ClaimNotHeld``). ``ClaimHandedOver`` when the claim is not open to them
    any more: another reviewer holds its last free slot, or it was decided. Caller is in a transaction.
    """
    now = now or timezone.now()
    if connection.features.has_select_for_update:
        claim_ids = Assignment.objects.filter(pk=assignment_id, reviewer=reviewer).values("claim_id")
        list(Claim.objects.select_for_update().filter(pk__in=claim_ids).values_list("pk", flat=True))
    assignment = Assignment.objects.select_related("claim").filter(pk=assignment_id, reviewer=reviewer).first()
    if assignment is None:
        raise AssignmentNotFound("You do not hold this claim.")
    if assignment.state == AssignmentState.ACTIVE and assignment.expires_at > now:
        return assignment
    if assignment.state == AssignmentState.ACTIVE:
        if _close(assignment, state=AssignmentState.EXPIRED, now=now):
            audit_record(
                action=AuditAction.LEASE_EXPIRED,
                claim=assignment.claim,
                before=AssignmentState.ACTIVE,
                after=AssignmentState.EXPIRED,
                data={"assignment": assignment.pk, "reviewer": assignment.reviewer_id},
            )
    elif assignment.state != AssignmentState.EXPIRED:
        raise ClaimNotHeld(f"This lease is {assignment.get_state_display().lower()}; the claim is no longer yours.")
    handed_over = ClaimHandedOver(
        "Your lease ran out and the claim was handed to another reviewer meanwhile. Nothing was recorded; "
        "your text is kept as a draft below so you can copy it."
    )
    claim = Claim.objects.filter(pk=assignment.claim_id).first()
    if claim is None or claim.status != ClaimStatus.PENDING:
        raise handed_over
    if (
        Review.objects.filter(claim=claim, reviewer=reviewer).exists()
        or Assignment.objects.filter(claim=claim, reviewer=reviewer, state=AssignmentState.ACTIVE)
        .exclude(pk=assignment.pk)
        .exists()
    ):
        raise ClaimNotHeld("You already reviewed or hold this claim again.")
    if not _take_slot(claim.pk):
        raise handed_over
    return _lease(
        claim_id=claim.pk,
        reviewer=reviewer,
        now=now,
        reason=f"re-taken on save after lease #{assignment.pk} expired",
        action=AuditAction.LEASE_RETAKEN,
    )


def assignment_release(
    *, assignment_id: int, reviewer: AbstractBaseUser, reason: str = "", skip: bool = False
) -> Assignment:
    """Give a held claim back to the queue. A skip also keeps it out of this reviewer's queue."""
    now = timezone.now()
    with transaction.atomic():
        assignment = assignment_get_held(assignment_id=assignment_id, reviewer=reviewer, now=now, with_article=False)
        state = AssignmentState.SKIPPED if skip else AssignmentState.RELEASED
        if not _close(assignment, state=state, now=now):
            raise ClaimNotHeld("This lease was closed in the meantime.")
        reason = reason.strip()[:1000]
        if reason:
            Assignment.objects.filter(pk=assignment.pk).update(reason=reason)
            assignment.reason = reason
        audit_record(
            action=AuditAction.LEASE_SKIPPED if skip else AuditAction.LEASE_RELEASED,
            actor=reviewer,
            claim=assignment.claim,
            before=AssignmentState.ACTIVE,
            after=state,
            reason=reason,
            data={"assignment": assignment.pk},
        )
    return assignment


def assignment_release_expired(*, now: datetime | None = None) -> int:
    """Return every expired lease's claim to the queue. Safe to run concurrently."""
    now = now or timezone.now()
    expired_ids = list(
        Assignment.objects.filter(state=AssignmentState.ACTIVE, expires_at__lte=now).values_list("pk", flat=True)[:500]
    )
    if not expired_ids:
        return 0
    released = 0
    for assignment in Assignment.objects.filter(pk__in=expired_ids).select_related("claim"):
        with transaction.atomic():
            if _close(assignment, state=AssignmentState.EXPIRED, now=now):
                released += 1
                audit_record(
                    action=AuditAction.LEASE_EXPIRED,
                    claim=assignment.claim,
                    before=AssignmentState.ACTIVE,
                    after=AssignmentState.EXPIRED,
                    data={"assignment": assignment.pk, "reviewer": assignment.reviewer_id},
                )
    return released


def claim_revoke_leases(*, claim: Claim, actor: AbstractBaseUser | None, reason: str) -> int:
    """Close every active lease on ``claim`` (its status changed under them). Caller holds the claim lock."""
    now = timezone.now()
    revoked = 0
    for assignment in Assignment.objects.filter(claim=claim, state=AssignmentState.ACTIVE):
        if _close(assignment, state=AssignmentState.RELEASED, now=now):
            revoked += 1
            Assignment.objects.filter(pk=assignment.pk).update(reason=reason[:1000])
            audit_record(
                action=AuditAction.LEASE_REVOKED,
                actor=actor,
                claim=claim,
                before=AssignmentState.ACTIVE,
                after=AssignmentState.RELEASED,
                reason=reason,
                data={"assignment": assignment.pk, "reviewer": assignment.reviewer_id},
            )
    return revoked


def assignment_revoke(*, assignment_id: int, editor: AbstractBaseUser, reason: str) -> Assignment:
    """An editor takes a lease away from its reviewer; the claim goes back to the queue."""
    reason = _required_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        assignment = Assignment.objects.select_related("claim").filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound("No such lease.")
        if not _close(assignment, state=AssignmentState.RELEASED, now=now):
            raise ClaimNotHeld("This lease is not active any more.")
        Assignment.objects.filter(pk=assignment.pk).update(reason=reason)
        assignment.reason = reason
        audit_record(
            action=AuditAction.LEASE_REVOKED,
            actor=editor,
            claim=assignment.claim,
            before=AssignmentState.ACTIVE,
            after=AssignmentState.RELEASED,
            reason=reason,
            data={"assignment": assignment.pk, "reviewer": assignment.reviewer_id},
        )
    return assignment


def claim_hand_to(*, claim_id: int, reviewer_id: int, editor: AbstractBaseUser, reason: str = "") -> Assignment:
    """An editor hands a pending claim to a named reviewer, outside the queue order.

    Refused (``ReviewerUnavailable``) when the user is not a reviewer, already held or reviewed the
    claim, or every review slot is taken. The lease limit does not apply: the editor decided.
    """
    reviewer = get_user_model().objects.filter(pk=reviewer_id, is_active=True).first()
    if reviewer is None or not is_reviewer(reviewer):
        raise ReviewerUnavailable("That user is not an active reviewer.")
    now = timezone.now()
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        if claim.status != ClaimStatus.PENDING:
            raise ReviewerUnavailable(f"The claim is {claim.get_status_display().lower()}, not awaiting review.")
        done_before = (
            Assignment.objects.filter(
                claim=claim, reviewer=reviewer, state__in=ASSIGNMENT_STATES_DONE_BY_REVIEWER
            ).exists()
            or Review.objects.filter(claim=claim, reviewer=reviewer).exists()
        )
        if done_before:
            raise ReviewerUnavailable(f"{reviewer.get_username()} already holds or reviewed this claim.")
        recusal = recusal_for_claim(reviewer=reviewer, claim=claim)
        if recusal is not None:
            raise ReviewerUnavailable(
                f"{reviewer.get_username()} is recused from {recusal.get_kind_display().lower()} {recusal.term!r}."
            )
        if not _take_slot(claim.pk):
            raise ReviewerUnavailable("Every review slot of this claim is taken; release a lease first.")
        return _lease(claim_id=claim.pk, reviewer=reviewer, now=now, actor=editor, reason=reason.strip()[:1000])


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Give a reason; it is kept in the claim's history.")
    return reason[:2000]
