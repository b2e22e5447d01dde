"""Handing claims out to reviewers under a lease. All queue concurrency lives here.

A claim has ``required_reviews`` slots. A slot is taken by an active lease or a submitted
review, tracked on the claim row (``lease_count``, ``review_count``) so the hand-out is one
indexed query. Taking a slot is a guarded conditional UPDATE: "if exactly one row changed, the
slot is mine". That is correct on every database; on PostgreSQL the candidate is also picked
with ``SELECT ... FOR UPDATE SKIP LOCKED`` so concurrent reviewers do not queue up behind one
row.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError, connection, transaction
from django.db.models import BigIntegerField, BooleanField, F
from django.db.models.expressions import RawSQL
from django.db.models.sql import UpdateQuery
from django.db.models.sql.compiler import SQLCompiler
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
    Assignment,
    AssignmentState,
    AuditAction,
    AuditEvent,
    Claim,
    ClaimStatus,
    Review,
)
from reviews.roles import is_reviewer
from reviews.selectors.queue import claims_open_for, claims_open_given, slot_free
from reviews.selectors.recusals import RecusalPatterns, recusal_for_claim, recusal_patterns
from reviews.services.audit import audit_event, audit_record
from reviews.services.statements import Slot, bound, hot_cursor, insert_select, template_compile, template_fill
from reviews.services.webhooks import webhook_endpoints_active

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet

_CANDIDATES_PER_ROUND = 5
_MAX_ROUNDS = 20
_BACKOFF_SECONDS = 0.002


def lease_duration() -> timedelta:
    return timedelta(minutes=settings.REVIEW_LEASE_MINUTES)


def _take_slot(claim_id: int) -> bool:
    taken = Claim.objects.filter(slot_free(), pk=claim_id).update(lease_count=F("lease_count") + 1)
    return taken == 1


def _check_lease_limit(*, reviewer: AbstractBaseUser, now: datetime) -> None:
    """Refuse a new lease past ``REVIEW_MAX_LEASES_PER_REVIEWER``. Caller is in a transaction.

    The portable path (PostgreSQL does this in the hand-out statement, ``_REVIEWER_SQL``). Where the database can, the
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
    """The hand-out on PostgreSQL: one statement, one round trip (``_hand_out_sql``).

    It locks the reviewer's user row (two hand-outs of one reviewer take turns: the lease limit
    holds), counts their live leases, sees whether they declared recusals, and, when they are under
    the limit, picks the best open claim not locked by another hand-out (``FOR UPDATE SKIP
    LOCKED``), takes a slot and inserts the lease and its audit row. Run outside a transaction it
    is its own (no ``BEGIN``/``COMMIT`` round trips) and commits without waiting for the disk.

    - Another hand-out of the same reviewer holds their row (a double click): the statement does
      not wait for it (``NOWAIT``, its count would predate that hand-out's lease) but runs again in
      a transaction after a statement that waits for the row (``_reviewer_lock``), so that it counts
      the other hand-out's lease. So does every hand-out inside a caller's transaction.
    - A reviewer with recusals: the statement takes nothing; their recusals are read
      (``recusal_patterns``, once per hand-out) and the statement runs again with them: three
      statements in all.
    """
    recusals: RecusalPatterns | None = None
    recusals_read = False
    for attempt in range(_MAX_ROUNDS):
        sql, params = _hand_out_statement(
            reviewer=reviewer,
            article_id=article_id,
            desk=desk,
            include_skipped=include_skipped,
            recusals=recusals,
            recusals_read=recusals_read,
            now=now,
        )
        held, recused, assignment = _hand_out_run(sql, params, reviewer=reviewer, now=now)
        if held >= settings.REVIEW_MAX_LEASES_PER_REVIEWER:
            raise TooManyLeases(f"You already hold {held} claim(s); submit, release or skip before taking another.")
        if assignment is not None:
            return assignment
        if recused and not recusals_read:
            recusals, recusals_read = recusal_patterns(reviewer=reviewer), True
            continue
        # Nothing taken: either the queue is empty for this reviewer, or every open claim is
        # locked by another reviewer's hand-out this instant (it may still have a free slot).
        candidates = claims_open_given(
            reviewer=reviewer, article_id=article_id, desk=desk, include_skipped=include_skipped, recusals=recusals
        )
        if not candidates.exists():
            raise NothingToReview("No claims are waiting for you. Well done.")
        time.sleep(_BACKOFF_SECONDS * (attempt + 1))
    raise NothingToReview("Every open claim is being taken by other reviewers right now; try again.")


def _hand_out_run(
    sql: str, params: list[object], *, reviewer: AbstractBaseUser, now: datetime
) -> tuple[int, bool, Assignment | None]:
    """Run a hand-out statement: the reviewer's live leases before it, whether they have recusals,
    and the lease it wrote (``None``: none, see ``_hand_out_sql``)."""
    if not connection.in_atomic_block:
        try:
            return _lease_run(sql, params, reviewer=reviewer, now=now)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
                raise
        # Another hand-out of this reviewer holds their row: wait for it in a transaction of our own.
        with transaction.atomic():
            _reviewer_lock(reviewer)
            return _lease_run(sql, params, reviewer=reviewer, now=now)
    # Inside a caller's transaction: the statement must not fail (that would abort the caller's
    # transaction), and must not turn the caller's commit asynchronous.
    _reviewer_lock(reviewer)
    return _lease_run(sql.replace(_ASYNC_COMMIT, "NULL"), params, reviewer=reviewer, now=now)


def _reviewer_lock(reviewer: AbstractBaseUser) -> None:
    """Wait for and lock the reviewer's user row (the lock the hand-out statement takes ``NOWAIT``)."""
    with hot_cursor() as cursor:
        cursor.execute(_REVIEWER_LOCK_SQL, [reviewer.pk])


# ``FOR NO KEY UPDATE``: hand-outs of one reviewer take turns, and the key-share locks the foreign
# keys of the reviewer's other writes take (a verdict's review row) do not stand in their way.
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's error code for a row locked NOWAIT by another transaction
_REVIEWER_LOCK_SQL = "SELECT 1 FROM auth_user WHERE id = %s FOR NO KEY UPDATE"

# The reviewer's part of the hand-out statement (see ``_hand_out_sql``). ``set_config(..., true)`` is
# ``SET LOCAL synchronous_commit TO OFF`` for the statement's transaction: its commit does not wait
# for its WAL to reach the disk (~5 ms here). A lease is the hottest write in the product and it is
# transient: were the database server to crash within the next ~0.6 s, the lease and its audit row
# vanish together (atomically), the claim is simply back in the queue and the reviewer's verdict is
# refused as "not your lease". Verdicts and every other write keep the durable commit (tested). Inside
# a caller's transaction it is replaced by ``NULL`` (``_hand_out_run``): the caller's writes stay durable.
_ASYNC_COMMIT = "set_config('synchronous_commit', 'off', true)"
_REVIEWER_SQL = """
    SELECT (SELECT count(*) FROM reviews_assignment
             WHERE reviewer_id = u.id AND state = %s AND expires_at > %s) AS held,
           EXISTS (SELECT 1 FROM reviews_recusal WHERE reviewer_id = u.id) AS recused,
           set_config('synchronous_commit', 'off', true) AS async_commit
    FROM auth_user u WHERE u.id = %s
    FOR NO KEY UPDATE OF u NOWAIT
"""


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


def _hand_out_sql(
    candidates: QuerySet[Claim],
    *,
    reviewer: AbstractBaseUser,
    now: datetime,
    expires_at: datetime,
    audit_data: str | None,
    lease_limit: int,
    recusals_read: bool,
) -> tuple[str, list[object]]:
    """PostgreSQL: one statement that takes, leases and audits the first unlocked claim of ``candidates``.

    Nothing in it is written by hand but the ``WITH`` that chains the parts and the reviewer's row;
    each other part is the ORM's SQL for what the portable path does (``_check_lease_limit``,
    ``_take_slot``, ``_lease``):

    - ``reviewer`` (``_REVIEWER_SQL``): the reviewer's user row locked ``NOWAIT``, their live
      leases counted (``held``), whether they declared recusals (``recused``);
    - ``picked``: ``candidates`` (``claims_open_for``) locked ``FOR UPDATE SKIP LOCKED``, first row
      (locking more would hide rows from other hand-outs), only if ``held`` is under
      ``lease_limit`` and, unless their recusals were read (``recusals_read``: ``candidates``
      excludes what they cover), the reviewer has none;
    - ``taken``: the guarded slot UPDATE of ``_take_slot`` (``slot_free``), on that row;
    - ``leased`` and ``audited``: the INSERTs of the ``Assignment`` from ``_lease_assignment`` and
      of the audit row from ``audit_event`` (every column and default from their models), fed by
      the ids the statement produces.

    It returns one row: ``held``, ``recused``, and the new lease's id and claim id (both ``NULL``
    when it took nothing); no row when the reviewer's user row does not exist.
    ``audit_data``: the audit row's ``data`` as JSON text (``None``: built here from the lease).
    """
    guard = "(SELECT held < %s FROM reviewer)" if recusals_read else "(SELECT held < %s AND NOT recused FROM reviewer)"
    with transaction.atomic():  # Django compiles ``FOR UPDATE`` only in a transaction; this runs no query
        pick_sql, pick_params = (
            candidates.filter(RawSQL(guard, (lease_limit,), output_field=BooleanField()))  # noqa: S611 - fixed text
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:1]
            .query.get_compiler(connection=connection)
            .as_sql()
        )
    claim_table = connection.ops.quote_name(Claim._meta.db_table)
    take = Claim.objects.filter(slot_free(), pk__in=RawSQL("SELECT id FROM picked", ())).query.chain(UpdateQuery)
    take.add_update_values({"lease_count": F("lease_count") + 1})
    take_sql, take_params = take.get_compiler(connection=connection).as_sql()
    lease = _lease_assignment(claim_id=RawSQL("taken.id", ()), reviewer=reviewer, now=now)
    lease.expires_at = expires_at
    lease_sql, lease_params = insert_select(lease, source="taken", returning="id, claim_id")
    audit = _lease_audit_event(
        claim=None, reviewer=reviewer, assignment_id=None, expires_at=expires_at, actor=None, reason="", action=None
    )
    if audit_data is None:
        audit_data = json.dumps(audit.data, cls=DjangoJSONEncoder)
    audit_sql, audit_params = insert_select(
        bound(
            audit,
            claim_id=RawSQL("taken.id", ()),
            article_id=RawSQL("taken.article_id", ()),
            data=RawSQL("jsonb_set(%s::jsonb, '{assignment}', to_jsonb(leased.id))", (audit_data,)),
        ),
        source="leased JOIN taken ON taken.id = leased.claim_id",
    )
    # Every part is compiled by the ORM (values are parameters) or a fixed name; S608 does not see that.
    sql = f"""
        WITH reviewer AS ({_REVIEWER_SQL}),
        picked (id) AS ({pick_sql}),
        taken AS ({take_sql} RETURNING {claim_table}.id, {claim_table}.article_id),
        leased AS ({lease_sql}),
        audited AS ({audit_sql})
        SELECT reviewer.held, reviewer.recused, leased.id, leased.claim_id FROM reviewer LEFT JOIN leased ON true
    """  # noqa: S608
    reviewer_params = [AssignmentState.ACTIVE, now, reviewer.pk]
    return sql, [*reviewer_params, *pick_params, *take_params, *lease_params, *audit_params]


@functools.cache
def _hand_out_template(
    *,
    include_skipped: bool,
    by_article: bool,
    by_desk: bool,
    recused_names: bool,
    recused_topics: bool,
    recusals_read: bool,
) -> tuple[str, tuple[object, ...]]:
    """``_hand_out_sql`` compiled once per process and shape, with ``Slot`` members for its values.

    The ORM compiles it for a stand-in reviewer, article, desk and times (the ``Slot`` values,
    which no real hand-out has); those parameters become slots that ``_hand_out_statement`` fills.
    """
    stand_in = get_user_model()(pk=Slot.REVIEWER.value)
    candidates = claims_open_given(
        reviewer=stand_in,
        article_id=Slot.ARTICLE.value if by_article else None,
        desk=Slot.DESK.value if by_desk else "",
        include_skipped=include_skipped,
        recusals=RecusalPatterns(
            names=Slot.RECUSED_NAMES.value if recused_names else "",
            topics=Slot.RECUSED_TOPICS.value if recused_topics else "",
        )
        if recused_names or recused_topics
        else None,
    )
    expected = {Slot.REVIEWER, Slot.NOW, Slot.EXPIRES_AT, Slot.AUDIT_DATA, Slot.LEASE_LIMIT}
    expected |= {Slot.ARTICLE} if by_article else set()
    expected |= {Slot.DESK} if by_desk else set()
    expected |= {Slot.RECUSED_NAMES} if recused_names else set()
    expected |= {Slot.RECUSED_TOPICS} if recused_topics else set()
    return template_compile(
        lambda: _hand_out_sql(
            candidates,
            reviewer=stand_in,
            now=Slot.NOW.value,
            expires_at=Slot.EXPIRES_AT.value,
            audit_data=Slot.AUDIT_DATA.value,
            lease_limit=Slot.LEASE_LIMIT.value,
            recusals_read=recusals_read,
        ),
        expected=expected,
        stamps=1,
    )


def _hand_out_statement(
    *,
    reviewer: AbstractBaseUser,
    article_id: int | None,
    desk: str,
    include_skipped: bool,
    recusals: RecusalPatterns | None,
    recusals_read: bool,
    now: datetime,
) -> tuple[str, list[object]]:
    """The hand-out statement (``_hand_out_sql``) for one hand-out, from its compiled template.

    ``recusals_read``: ``recusals`` are the reviewer's, read in this hand-out (else the statement
    takes nothing from a reviewer who has any)."""
    sql, template = _hand_out_template(
        include_skipped=include_skipped,
        by_article=article_id is not None,
        by_desk=bool(desk),
        recused_names=bool(recusals and recusals.names),
        recused_topics=bool(recusals and recusals.topics),
        recusals_read=recusals_read,
    )
    expires_at = now + lease_duration()
    values = {
        Slot.REVIEWER: reviewer.pk,
        Slot.ARTICLE: article_id,
        Slot.DESK: desk,
        Slot.NOW: now,
        Slot.EXPIRES_AT: expires_at,
        # The audit row's data as ``_lease_audit_event`` fills it (the statement writes the lease's id in).
        Slot.AUDIT_DATA: json.dumps(_lease_audit_data(reviewer=reviewer, assignment_id=None, expires_at=expires_at)),
        Slot.RECUSED_NAMES: recusals.names if recusals else "",
        Slot.RECUSED_TOPICS: recusals.topics if recusals else "",
        Slot.LEASE_LIMIT: settings.REVIEW_MAX_LEASES_PER_REVIEWER,
    }
    return sql, template_fill(template, values)


def _lease_run(
    sql: str, params: list[object], *, reviewer: AbstractBaseUser, now: datetime
) -> tuple[int, bool, Assignment | None]:
    """Run a hand-out statement (``_hand_out_sql``): ``held``, ``recused`` and the lease it wrote."""
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise ReviewerUnavailable("No such reviewer.")
    held, recused, lease_id, claim_id = row
    if lease_id is None:
        return held, recused, None
    lease = _lease_assignment(claim_id=claim_id, reviewer=reviewer, now=now)
    lease.pk = lease_id
    lease._state.adding = False
    lease._state.db = connection.alias
    return held, recused, lease


def _lease_assignment(
    *, claim_id: int | RawSQL, reviewer: AbstractBaseUser, now: datetime, reason: str = ""
) -> Assignment:
    """The lease row for ``reviewer`` on the claim, not saved yet."""
    return Assignment(
        claim_id=claim_id, reviewer=reviewer, leased_at=now, expires_at=now + lease_duration(), reason=reason
    )


def _lease_audit_event(
    *,
    claim: Claim | None,
    reviewer: AbstractBaseUser,
    assignment_id: int | None,
    expires_at: datetime,
    actor: AbstractBaseUser | None,
    reason: str,
    action: AuditAction | None,
) -> AuditEvent:
    """The audit row of a new lease, not saved yet."""
    return audit_event(
        action=action or (AuditAction.CLAIM_HANDED if actor is not None else AuditAction.CLAIM_LEASED),
        actor=actor or reviewer,
        claim=claim,
        reason=reason,
        data=_lease_audit_data(reviewer=reviewer, assignment_id=assignment_id, expires_at=expires_at),
    )


def _lease_audit_data(
    *, reviewer: AbstractBaseUser, assignment_id: int | None, expires_at: datetime
) -> dict[str, object]:
    return {"assignment": assignment_id, "reviewer": reviewer.pk, "expires_at": expires_at.isoformat()}


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
    assignment = _lease_assignment(claim_id=claim.pk, reviewer=reviewer, now=now, reason=reason)
    assignment.save(force_insert=True)
    _lease_audit_event(
        claim=claim,
        reviewer=reviewer,
        assignment_id=assignment.pk,
        expires_at=assignment.expires_at,
        actor=actor,
        reason=reason,
        action=action,
    ).save(force_insert=True)
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


def _close_audited(
    assignment: Assignment,
    *,
    state: AssignmentState,
    now: datetime,
    action: AuditAction,
    actor: AbstractBaseUser | None = None,
    claim: Claim | None = None,
    reason: str = "",
    data: dict[str, object] | None = None,
) -> bool:
    """``_close`` and, when it closed the lease, its audit row (``active`` -> ``state``).

    ``claim``: the lease's claim when the caller has it loaded (else ``assignment.claim``);
    ``data`` defaults to the lease and its reviewer.
    """
    if not _close(assignment, state=state, now=now):
        return False
    audit_record(
        action=action,
        actor=actor,
        claim=claim if claim is not None else assignment.claim,
        before=AssignmentState.ACTIVE,
        after=state,
        reason=reason,
        data=data if data is not None else {"assignment": assignment.pk, "reviewer": assignment.reviewer_id},
    )
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
    return _held_check(held.first(), now=now)


def _held_check(assignment: Assignment | None, *, now: datetime) -> Assignment:
    if assignment is None:
        raise AssignmentNotFound("You do not hold this claim.")
    if assignment.state != AssignmentState.ACTIVE:
        raise ClaimNotHeld(f"This lease is {assignment.get_state_display().lower()}; the claim is no longer yours.")
    if assignment.expires_at <= now:
        raise ClaimNotHeld("Your lease on this claim expired; it went back to the queue.")
    return assignment


@dataclass(frozen=True)
class HeldLease:
    """A lease checked and its claim's row locked (``assignment_lock_held``)."""

    assignment: Assignment  # with its claim loaded
    webhooks_active: bool | None  # whether any webhook endpoint is active (None: not asked)
    review_id: int | None = None  # a primary key drawn for the verdict's review (None: not drawn)


def assignment_lock_held(
    *, assignment_id: int, reviewer: AbstractBaseUser, now: datetime, lock: bool = True
) -> HeldLease:
    """``assignment_get_held(with_article=False, lock_claim=True)`` for a verdict, caller in a transaction.

    Where the database locks rows, one statement compiled once per process (``_held_template``),
    which also reads whether any webhook endpoint is active, so that a verdict with no endpoint to
    notify spares that query (``webhook_emit``), and draws the primary key of the verdict's review
    from its sequence, so that every write of the verdict can go in one statement (a refused verdict
    leaves a gap in the ids, as a rolled-back insert does). Elsewhere the portable lookup.

    ``lock=False`` (PostgreSQL only, outside a transaction): the same read, nothing locked; the
    caller's writes must then check that what it read has not changed (``verdict_record``).
    """
    if not connection.features.has_select_for_update:
        held = assignment_get_held(
            assignment_id=assignment_id, reviewer=reviewer, now=now, with_article=False, lock_claim=True
        )
        return HeldLease(assignment=held, webhooks_active=None)
    template = _held_template(lock=lock)
    with hot_cursor() as cursor:
        cursor.execute(
            template.sql, template_fill(template.params, {Slot.ASSIGNMENT: assignment_id, Slot.REVIEWER: reviewer.pk})
        )
        row = cursor.fetchone()
    if row is None:
        return HeldLease(assignment=_held_check(None, now=now), webhooks_active=None)
    [values] = template.compiler.apply_converters([row], template.converters)
    assignment = Assignment.from_db(connection.alias, template.assignment_names, values[template.assignment_columns])
    claim = Claim.from_db(connection.alias, template.claim_names, values[template.claim_columns])
    template.set_claim(assignment, claim)
    return HeldLease(
        assignment=_held_check(assignment, now=now),
        webhooks_active=bool(values[template.webhooks]),
        review_id=values[template.review_id],
    )


@dataclass(frozen=True)
class _HeldTemplate:
    sql: str
    params: tuple[object, ...]
    compiler: SQLCompiler
    converters: dict[int, tuple[list[Any], Any]]
    assignment_names: list[str]
    assignment_columns: slice
    claim_names: list[str]
    claim_columns: slice
    set_claim: Callable[[Assignment, Claim], None]
    webhooks: int
    review_id: int


@functools.cache
def _held_template(*, lock: bool) -> _HeldTemplate:
    """``assignment_get_held``'s query (lease and claim, the claim's row locked unless ``lock=False``) plus
    whether any webhook endpoint is active and a new review id, compiled once, with how to turn its row
    into the two model instances."""
    review_pk = Review._meta.pk
    if review_pk is None or review_pk.column is None:
        raise RuntimeError("Review has no primary key column")
    review_sequence = f"nextval(pg_get_serial_sequence('{connection.ops.quote_name(Review._meta.db_table)}', %s))"
    held = (
        Assignment.objects.select_related("claim")
        .filter(pk=Slot.ASSIGNMENT.value, reviewer_id=Slot.REVIEWER.value)
        .annotate(
            webhooks_active=webhook_endpoints_active(),
            review_id=RawSQL(review_sequence, (review_pk.column,), output_field=BigIntegerField()),  # noqa: S611
        )
    )
    if lock:
        held = held.select_for_update(of=("claim",))
    compiler = held.query.get_compiler(connection=connection)
    sql, params = template_compile(compiler.as_sql, expected={Slot.ASSIGNMENT, Slot.REVIEWER})
    info = compiler.klass_info
    [claim_info] = info["related_klass_infos"]

    def columns(fields: list[int]) -> tuple[list[str], slice]:
        if fields != list(range(fields[0], fields[-1] + 1)):
            raise RuntimeError(f"Unexpected column layout of the lease lookup: {fields}")
        return [compiler.select[index][0].target.attname for index in fields], slice(fields[0], fields[-1] + 1)

    assignment_names, assignment_columns = columns(info["select_fields"])
    claim_names, claim_columns = columns(claim_info["select_fields"])
    return _HeldTemplate(
        sql=sql,
        params=params,
        compiler=compiler,
        converters=compiler.get_converters([column for column, _, _ in compiler.select]),
        assignment_names=assignment_names,
        assignment_columns=assignment_columns,
        claim_names=claim_names,
        claim_columns=claim_columns,
        set_claim=claim_info["local_setter"],
        webhooks=compiler.annotation_col_map["webhooks_active"],
        review_id=compiler.annotation_col_map["review_id"],
    )


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
        _close_audited(assignment, state=AssignmentState.EXPIRED, now=now, action=AuditAction.LEASE_EXPIRED)
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
        reason = reason.strip()[:1000]
        if not _close_audited(
            assignment,
            state=state,
            now=now,
            action=AuditAction.LEASE_SKIPPED if skip else AuditAction.LEASE_RELEASED,
            actor=reviewer,
            reason=reason,
            data={"assignment": assignment.pk},
        ):
            raise ClaimNotHeld("This lease was closed in the meantime.")
        if reason:
            Assignment.objects.filter(pk=assignment.pk).update(reason=reason)
            assignment.reason = reason
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
            if _close_audited(assignment, state=AssignmentState.EXPIRED, now=now, action=AuditAction.LEASE_EXPIRED):
                released += 1
    return released


def claim_revoke_leases(*, claim: Claim, actor: AbstractBaseUser | None, reason: str) -> int:
    """Close every active lease on ``claim`` (its status changed under them). Caller holds the claim lock."""
    now = timezone.now()
    revoked = 0
    for assignment in Assignment.objects.filter(claim=claim, state=AssignmentState.ACTIVE):
        if _close_audited(
            assignment,
            state=AssignmentState.RELEASED,
            now=now,
            action=AuditAction.LEASE_REVOKED,
            actor=actor,
            claim=claim,
            reason=reason,
        ):
            revoked += 1
            Assignment.objects.filter(pk=assignment.pk).update(reason=reason[:1000])
    return revoked


def assignment_revoke(*, assignment_id: int, editor: AbstractBaseUser, reason: str) -> Assignment:
    """An editor takes a lease away from its reviewer; the claim goes back to the queue."""
    reason = _required_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        assignment = Assignment.objects.select_related("claim").filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound("No such lease.")
        if not _close_audited(
            assignment,
            state=AssignmentState.RELEASED,
            now=now,
            action=AuditAction.LEASE_REVOKED,
            actor=editor,
            reason=reason,
        ):
            raise ClaimNotHeld("This lease is not active any more.")
        Assignment.objects.filter(pk=assignment.pk).update(reason=reason)
        assignment.reason = reason
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
