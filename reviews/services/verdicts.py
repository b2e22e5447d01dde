"""Recording a reviewer's verdict and settling the claim's status when the reviews are in."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reviews.exceptions import (
    AlreadyReviewed,
    ClaimNotHeld,
    ClaimStateConflict,
    EvidenceRequired,
    InvalidVerdict,
    MissingSourceRequired,
    NotFound,
)
from reviews.links import link_clean
from reviews.models import (
    UNDO_WINDOW,
    Assignment,
    AssignmentState,
    AuditAction,
    AuditEvent,
    Claim,
    ClaimStatus,
    EvidenceLink,
    MissingSource,
    Review,
    ReviewDraft,
    Verdict,
    WebhookEvent,
)
from reviews.services.audit import audit_event, audit_record
from reviews.services.claims import claim_status_change
from reviews.services.queue import _lease, assignment_lock_held, assignment_retake_expired, claim_revoke_leases
from reviews.services.shelf_life import claim_schedule_rereview_locked, rereview_check
from reviews.services.statements import Delete, Insert, Update, Write, one_statement_saves, saves_run
from reviews.services.webhooks import webhook_emit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.contrib.auth.models import User

MAX_EVIDENCE_LINKS = 20


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str = ""


def evidence_validate(links: list[EvidenceInput]) -> list[EvidenceInput]:
    if len(links) > MAX_EVIDENCE_LINKS:
        raise InvalidVerdict(f"At most {MAX_EVIDENCE_LINKS} evidence links per review.")
    cleaned: list[EvidenceInput] = []
    for link in links:
        try:
            url = link_clean(link.url)  # an RFC 3986 URI: no quotes, angle brackets or spaces
        except ValidationError as exc:
            raise InvalidVerdict(f"Not a valid http(s) link: {link.url.strip()[:200]!r}. {exc.messages[0]}") from None
        cleaned.append(EvidenceInput(url=url, title=link.title.strip()[:300]))
    return cleaned


def missing_source_validate(*, verdict: str, kinds: list[str], note: str) -> tuple[list[str], str]:
    """A "needs source" verdict must say what is missing: a kind from the list, or in words."""
    unknown = sorted(set(kinds) - set(MissingSource.values))
    if unknown:
        raise InvalidVerdict(f"Unknown source kind(s) {', '.join(unknown)}; use {', '.join(MissingSource.values)}.")
    note = note.strip()[:500]
    if verdict != Verdict.NEEDS_SOURCE:
        if kinds or note:
            raise InvalidVerdict("What source is missing only goes with a 'needs source' verdict.")
        return [], ""
    if not kinds and not note:
        raise MissingSourceRequired(
            "Say what source is missing (official record, named person, data set, document, or in your own words) "
            "so the writer knows what to add."
        )
    return [kind for kind in MissingSource.values if kind in kinds], note


def verdict_record(
    *,
    assignment_id: int,
    reviewer: User,
    verdict: str,
    note: str = "",
    evidence: list[EvidenceInput] | None = None,
    missing_source_kinds: list[str] | None = None,
    missing_source_note: str = "",
    rereview_on: date | None = None,
    retake: bool = False,
    clear_draft: bool = False,
) -> Review:
    """Record ``reviewer``'s verdict on the claim they hold under ``assignment_id``.

    Refused with ``ClaimNotHeld`` when the lease is not theirs, expired or closed; with
    ``AlreadyReviewed`` when they reviewed this claim before. Nothing is overwritten.
    Evidence-gated: "supported" needs at least one evidence link (``EvidenceRequired``);
    "needs source" must say what kind of source is missing (``MissingSourceRequired``).
    ``rereview_on`` gives the verdict a shelf-life (see ``services/shelf_life.py``).
    ``retake=True`` (the reviewer's page): a lease that merely expired is taken again if nobody else
    took the claim meanwhile (``assignment_retake_expired``), else ``ClaimHandedOver``.
    ``clear_draft=True`` (the page, where drafts are saved) deletes the reviewer's draft of this claim
    with the verdict; the API, which keeps no draft, spares the query.
    """
    if verdict not in Verdict.values:
        raise InvalidVerdict(f"Unknown verdict {verdict!r}; use one of {', '.join(Verdict.values)}.")
    links = evidence_validate(evidence or [])
    now = timezone.now()
    request = _VerdictRequest(
        assignment_id=assignment_id,
        reviewer=reviewer,
        verdict=verdict,
        note=note,
        links=links,
        missing_source_kinds=missing_source_kinds or [],
        missing_source_note=missing_source_note,
        rereview_on=rereview_on,
        retake=retake,
        clear_draft=clear_draft,
        now=now,
    )
    if _unlocked_run_possible(request):
        try:
            return _verdict_run(request, locked=False)
        except _Contended:
            pass  # the claim or the lease changed since it was read, or the verdict needs more: run it locked
    return _verdict_run(request, locked=True)


@dataclass(frozen=True)
class _VerdictRequest:
    assignment_id: int
    reviewer: User
    verdict: str
    note: str
    links: list[EvidenceInput]
    missing_source_kinds: list[str]
    missing_source_note: str
    rereview_on: date | None
    retake: bool
    clear_draft: bool
    now: datetime


class _Contended(Exception):
    """A verdict run without locks (``_verdict_run(locked=False)``) could not be recorded as read: nothing
    was written, and it runs again with the claim's row locked."""


def _unlocked_run_possible(request: _VerdictRequest) -> bool:
    """Whether the verdict can first be tried without a transaction: two statements, two round trips.

    On PostgreSQL, outside a caller's transaction, for a verdict whose writes all go in one statement
    (no re-review date, which writes on its own). The page's verdict deletes the reviewer's draft in
    that statement too (``clear_draft``), so the reviewers' page takes this path as the API does.
    """
    return one_statement_saves() and not connection.in_atomic_block and request.rereview_on is None


def _verdict_run(request: _VerdictRequest, *, locked: bool) -> Review:
    """``verdict_record``'s work, in a transaction with the claim's row locked, or (``locked=False``) in
    two statements of their own: the lease and its claim read (``assignment_lock_held(lock=False)``),
    then every write in one statement that applies only if the lease is still active and the claim's
    counters, status and round are still those read; else it writes nothing and raises ``_Contended``.
    Its commit is durable (the session's ``synchronous_commit``). Whatever it cannot do in that one
    statement (webhook deliveries, closing other leases of a claim it settles, re-taking an expired
    lease) it leaves to the locked run, which the caller runs after ``_Contended``.

    The claim changes under a verdict between its two statements (a millisecond or two) when another
    hand-out takes a slot of the same claim or another reviewer's verdict on it lands then: rare with
    people's pace, frequent only when many reviewers share few claims. Each such write aborts with
    ``division_by_zero`` (``saves_run``), an ERROR line in PostgreSQL's log, and costs the verdict
    two round trips more than the locked run alone.
    """
    assignment_id, reviewer, verdict, now = request.assignment_id, request.reviewer, request.verdict, request.now
    note, links, rereview_on = request.note, request.links, request.rereview_on
    held_claim_id: int | None = None
    try:
        with transaction.atomic() if locked else contextlib.nullcontext():
            # One query: the lease, the claim's row locked (the order ``_close`` locks in too),
            # whether any webhook endpoint is active, and the new review's id.
            webhooks_active: bool | None = None
            review_id: int | None = None
            try:
                held = assignment_lock_held(assignment_id=assignment_id, reviewer=reviewer, now=now, lock=locked)
                assignment, webhooks_active, review_id = held.assignment, held.webhooks_active, held.review_id
            except ClaimNotHeld:
                if not request.retake:
                    raise
                if not locked:
                    raise _Contended from None
                assignment = assignment_retake_expired(assignment_id=assignment_id, reviewer=reviewer, now=now)
            claim = assignment.claim
            held_claim_id = claim.pk
            # The evidence gate, after the lease check: a lease you do not hold is refused as such,
            # and so is a second review (checked only here, on the refusal path; otherwise the
            # unique constraint catches it).
            try:
                if verdict == Verdict.SUPPORTED and not links:
                    raise EvidenceRequired(
                        "A 'supported' verdict needs at least one evidence link (a URL, with a title)."
                    )
                kinds, missing_note = missing_source_validate(
                    verdict=verdict, kinds=request.missing_source_kinds, note=request.missing_source_note
                )
                if rereview_on is not None:
                    rereview_check(rereview_on)
            except InvalidVerdict:
                if _reviewed_before(claim_id=claim.pk, reviewer=reviewer):
                    raise AlreadyReviewed("You have already reviewed this claim.") from None
                raise
            review = Review(
                pk=review_id,
                claim=claim,
                reviewer=reviewer,
                assignment=assignment,
                verdict=verdict,
                review_round=claim.review_round,
                note=note.strip(),
                seconds_spent=max(0, int((now - assignment.leased_at).total_seconds())),
                missing_source_kinds=kinds,
                missing_source_note=missing_note,
            )
            assignment.state, assignment.closed_at = AssignmentState.SUBMITTED, now
            # Close the lease, insert the review and its evidence: saved by ``claim_settle`` with the
            # claim and the audit rows, every write of the verdict in one statement on PostgreSQL. A
            # second review by the same reviewer breaks ``review_one_per_reviewer_claim``: the whole
            # transaction rolls back and the error becomes ``AlreadyReviewed`` below.
            closed_meanwhile = ClaimNotHeld("This lease was closed in the meantime; your verdict was not recorded.")
            writes: list[Write] = [
                Update(
                    assignment,
                    ("state", "closed_at"),
                    only_if=(("state", AssignmentState.ACTIVE),),
                    refused=closed_meanwhile if locked else _Contended(),
                ),
                Insert([review]),
            ]
            if links:
                writes.append(Insert([EvidenceLink(review=review, url=link.url, title=link.title) for link in links]))
            if review.pk is None:  # no id drawn (the portable path, a re-taken lease): the audit row needs it
                saves_run(*writes)
                writes = []
            # Under the row lock these counters are current; unlocked, the claim's UPDATE checks that they
            # still are (``as_read``). ``claim_settle`` writes them.
            as_read = tuple(
                (column, getattr(claim, column))
                for column in ("lease_count", "required_reviews", "review_count", "review_round", "status")
            )
            claim.review_count += 1
            claim.lease_count = max(0, claim.lease_count - 1)
            # Saved with the status change's audit row, in one INSERT (``claim_settle``).
            audit_rows = [
                audit_event(
                    action=AuditAction.VERDICT_RECORDED,
                    actor=reviewer,
                    claim=claim,
                    after=verdict,
                    data={"review": review.pk, "evidence": len(links), "missing_source": kinds},
                )
            ]
            if rereview_on is not None:  # its audit row comes after the verdict's
                saves_run(*writes, Insert(audit_rows))
                writes, audit_rows = [], []
                claim_schedule_rereview_locked(
                    claim=claim, user=reviewer, on=rereview_on, reason="set with the verdict"
                )
            review_saved = not writes
            if request.clear_draft:  # the page's draft of this verdict, deleted in the same statement
                writes.append(Delete(ReviewDraft, (("claim_id", claim.pk), ("reviewer_id", reviewer.pk))))
            settles = claim.status == ClaimStatus.PENDING and claim.review_count >= claim.required_reviews
            if not locked and settles and (webhooks_active is not False or claim.lease_count):
                raise _Contended  # deliveries to queue, or other leases to close: the locked run does it
            claim_settle(
                claim=claim,
                counters_changed=True,
                round_verdicts=_round_verdicts(claim, review=review, saved=review_saved),
                audit_events=audit_rows,
                webhooks_active=webhooks_active,
                writes_first=writes,
                only_if=() if locked else as_read,
                refused=None if locked else _Contended(),
            )
    except IntegrityError:
        if held_claim_id is not None and _reviewed_before(claim_id=held_claim_id, reviewer=reviewer):
            raise AlreadyReviewed("You have already reviewed this claim.") from None
        raise
    return review


def _round_verdicts(claim: Claim, *, review: Review, saved: bool) -> set[str] | None:
    """The verdicts of the round ``review`` completes, when it settles the claim (else ``None``, not needed).

    The first review of a round is the round's only verdict: nothing to read. ``saved``: ``review``
    is in the database already (it is read with the others), else it is added to them.
    """
    if claim.status != ClaimStatus.PENDING or claim.review_count < claim.required_reviews:
        return None
    if claim.review_count == 1:
        return {review.verdict}
    verdicts = set(
        Review.objects.filter(claim=claim, review_round=claim.review_round).values_list("verdict", flat=True)
    )
    return verdicts if saved else verdicts | {review.verdict}


def _reviewed_before(*, claim_id: int, reviewer: User) -> bool:
    """Only asked on a refusal path: is this a second review by the same reviewer?"""
    return Review.objects.filter(claim_id=claim_id, reviewer=reviewer).exists()


def claim_settle(
    *,
    claim: Claim,
    actor: User | None = None,
    counters_changed: bool = False,
    round_verdicts: set[str] | None = None,
    audit_events: Sequence[AuditEvent] = (),
    webhooks_active: bool | None = None,
    writes_first: Sequence[Write] = (),
    only_if: tuple[tuple[str, object], ...] = (),
    refused: Exception | None = None,
) -> Claim:
    """Once the required reviews of this round are in: agreement sets the status, disagreement disputes it.

    Caller holds the claim row lock. Leases still open on a settled claim (its required reviews
    were lowered meanwhile) are closed, so nobody reviews a claim that is already decided.
    ``counters_changed``: the caller changed ``review_count``/``lease_count`` in memory, and they are
    saved with the status in one UPDATE. ``round_verdicts``: the verdicts of the current round,
    when the caller already knows them. ``audit_events``: the caller's audit rows not saved yet,
    saved here before the status change's row, in one INSERT. ``webhooks_active``: passed to
    ``webhook_emit``. ``writes_first``: the caller's writes not run yet (``saves_run`` parts), run
    in the same statement, after the claim's UPDATE (whose row is locked first, as everywhere), before
    the audit rows (``round_verdicts`` must then be given, as it cannot be read).
    ``only_if``, ``refused``: the claim's UPDATE applies only where its columns still have these
    values, else ``refused`` is raised (and outside a transaction nothing is written, ``saves_run``).
    """
    counters = ["review_count", "lease_count"] if counters_changed else []
    if claim.status != ClaimStatus.PENDING or claim.review_count < claim.required_reviews:
        saves_run(
            *([Update(claim, tuple(counters), only_if=only_if, refused=refused)] if counters else []),
            *writes_first,
            *([Insert(audit_events)] if audit_events else []),
        )
        return claim
    if writes_first and round_verdicts is None:
        raise ValueError("claim_settle: give round_verdicts with writes_first")
    if round_verdicts is not None:
        verdicts = set(round_verdicts)
    else:
        verdicts = set(
            Review.objects.filter(claim=claim, review_round=claim.review_round).values_list("verdict", flat=True)
        )
    agreed = len(verdicts) == 1
    if agreed:
        claim.finalised_at = timezone.now()
    claim_status_change(
        claim=claim,
        status=verdicts.pop() if agreed else ClaimStatus.DISPUTED,
        also_saved=[*counters, "finalised_at"],
        action=AuditAction.STATUS_CHANGED,
        reason="reviews agree" if agreed else "reviews disagree",
        audit_with=audit_events,
        writes_first=writes_first,
        only_if=only_if,
        refused=refused,
    )
    disputed = claim.status == ClaimStatus.DISPUTED
    webhook_emit(
        event=WebhookEvent.DISAGREEMENT_RAISED if disputed else WebhookEvent.CLAIM_FINALISED,
        payload={"claim_id": claim.pk, "article_id": claim.article_id, "status": claim.status},
        endpoints_active=webhooks_active,
    )
    if claim.lease_count:
        claim_revoke_leases(claim=claim, actor=actor, reason="the claim was settled")
    return claim


# What a draft may hold: the verdict form's fields, each a short string (or a list of kinds).
DRAFT_FIELDS = ("verdict", "note", "evidence", "missing_source_note", "rereview_on", "missing_source_kinds")
DRAFT_MAX_CHARS = 20_000


def draft_clean(data: dict[str, object]) -> dict[str, object]:
    """Keep only the verdict form's fields, as strings (kinds as a list of known kinds), truncated."""
    cleaned: dict[str, object] = {}
    for name in DRAFT_FIELDS:
        value = data.get(name)
        if value in (None, "", []):
            continue
        if name == "missing_source_kinds":
            values = value if isinstance(value, list | tuple) else [value]
            kinds = [kind for kind in MissingSource.values if kind in {str(item) for item in values}]
            if kinds:
                cleaned[name] = kinds
        else:
            cleaned[name] = str(value)[:DRAFT_MAX_CHARS]
    return cleaned


def draft_save(*, reviewer: User, claim_id: int, data: dict[str, object]) -> ReviewDraft | None:
    """Save (or replace) the reviewer's draft verdict on a claim they hold or held; an empty form deletes it.

    ``NotFound`` for a claim the reviewer never held (a draft is no back door into a claim). Not
    audited: a draft changes nothing until it becomes a verdict (which is).
    """

    if not Assignment.objects.filter(claim_id=claim_id, reviewer=reviewer).exists():
        raise NotFound("You never held this claim.")
    cleaned = draft_clean(data)
    if not cleaned:
        ReviewDraft.objects.filter(claim_id=claim_id, reviewer=reviewer).delete()
        return None
    draft, _ = ReviewDraft.objects.update_or_create(claim_id=claim_id, reviewer=reviewer, defaults={"data": cleaned})
    return draft


def draft_keep_after_handover(*, reviewer: User, claim_id: int, data: dict[str, object]) -> ReviewDraft | None:
    """The claim went to someone else while the reviewer wrote: keep their text, and say so in the history."""
    with transaction.atomic():
        draft = draft_save(reviewer=reviewer, claim_id=claim_id, data=data)
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is not None:
            audit_record(
                action=AuditAction.DRAFT_KEPT,
                actor=reviewer,
                claim=claim,
                reason="the lease had run out and the claim was handed to another reviewer",
                data={"fields": sorted(draft.data) if draft else []},
            )
    return draft


def draft_get(*, reviewer: User, claim_id: int) -> dict[str, object]:
    """The reviewer's draft of this claim's verdict form, or ``{}``."""
    draft = ReviewDraft.objects.filter(claim_id=claim_id, reviewer=reviewer).only("data").first()
    return dict(draft.data) if draft else {}


def _review_snapshot(review: Review) -> dict[str, object]:
    return {
        "verdict": review.verdict,
        "note": review.note,
        "evidence": [{"url": link.url, "title": link.title} for link in review.evidence.all()],
        "missing_source_kinds": list(review.missing_source_kinds),
        "missing_source_note": review.missing_source_note,
    }


def verdict_change_refusal(review: Review, *, claim: Claim) -> str:
    """Why the reviewer may no longer change ``review`` ("" when they may).

    Only while the claim is still waiting for the round's other reviews (not final, not disputed,
    not reopened into a new round) and no other reviewer gave a verdict in the same round: nobody
    changes their mind after seeing a colleague's verdict.
    """
    if claim.status != ClaimStatus.PENDING or claim.review_round != review.review_round:
        return "The claim is decided or moved on to a new round; your verdict stands as given."
    others = Review.objects.filter(claim_id=claim.pk, review_round=review.review_round).exclude(pk=review.pk)
    if others.exists():
        return "Another reviewer has given a verdict on this claim since; your verdict stands as given."
    return ""


def _locked_own_review(*, review_id: int, reviewer: User) -> tuple[Review, Claim]:
    """The reviewer's review and its claim, the claim's row locked (the order ``verdict_record`` locks in)."""

    claim_id = Review.objects.filter(pk=review_id, reviewer=reviewer).values_list("claim_id", flat=True).first()
    if claim_id is None:
        raise NotFound("No such verdict of yours.")
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    review = Review.objects.get(pk=review_id)
    return review, claim


def verdict_amend(
    *,
    review_id: int,
    reviewer: User,
    verdict: str,
    note: str = "",
    evidence: list[EvidenceInput] | None = None,
    missing_source_kinds: list[str] | None = None,
    missing_source_note: str = "",
    reason: str = "",
) -> Review:
    """Change one's own verdict while nobody else has given one in the round and the claim is not final.

    The same gates as ``verdict_record`` (evidence for "supported", what is missing for "needs
    source"). Never a silent overwrite: the verdict as it was (note, evidence, missing source) is
    kept in the ``verdict_amended`` audit event, with the new one. ``ClaimStateConflict`` once the
    conditions no longer hold.
    """

    if verdict not in Verdict.values:
        raise InvalidVerdict(f"Unknown verdict {verdict!r}; use one of {', '.join(Verdict.values)}.")
    links = evidence_validate(evidence or [])
    if verdict == Verdict.SUPPORTED and not links:
        raise EvidenceRequired("A 'supported' verdict needs at least one evidence link (a URL, with a title).")
    kinds, missing_note = missing_source_validate(
        verdict=verdict, kinds=missing_source_kinds or [], note=missing_source_note
    )
    with transaction.atomic():
        review, claim = _locked_own_review(review_id=review_id, reviewer=reviewer)
        refusal = verdict_change_refusal(review, claim=claim)
        if refusal:
            raise ClaimStateConflict(refusal)
        before = _review_snapshot(review)
        review.verdict = verdict
        review.note = note.strip()
        review.missing_source_kinds = kinds
        review.missing_source_note = missing_note
        review.save(update_fields=["verdict", "note", "missing_source_kinds", "missing_source_note", "updated_at"])
        review.evidence.all().delete()
        EvidenceLink.objects.bulk_create(EvidenceLink(review=review, url=link.url, title=link.title) for link in links)
        audit_record(
            action=AuditAction.VERDICT_AMENDED,
            actor=reviewer,
            claim=claim,
            before=before["verdict"],  # type: ignore[arg-type]  # the snapshot is dict[str, object]; its verdict is a str
            after=verdict,
            reason=reason.strip()[:2000],
            data={"review": review.pk, "before": before, "after": _review_snapshot(review)},
        )
    return review


def verdict_undo(*, review_id: int, reviewer: User, now: datetime | None = None) -> Assignment:
    """Take back one's last verdict within ``UNDO_WINDOW``, under the same conditions as an amendment.

    The verdict goes (its content kept in the ``verdict_undone`` audit event), the claim gives the
    review slot back and the reviewer holds it again under a new lease, with their verdict as a
    draft: the claim page opens as they left it. Returns that lease.
    """

    now = now or timezone.now()
    with transaction.atomic():
        review, claim = _locked_own_review(review_id=review_id, reviewer=reviewer)
        latest = Review.objects.filter(reviewer=reviewer).order_by("-created_at", "-pk").values_list("pk", flat=True)
        if latest.first() != review.pk:
            raise ClaimStateConflict("Only your last verdict can be undone; amend earlier ones instead.")
        if now - review.created_at > UNDO_WINDOW:
            raise ClaimStateConflict("Undo is possible for two minutes after a verdict; amend it instead.")
        refusal = verdict_change_refusal(review, claim=claim)
        if refusal:
            raise ClaimStateConflict(refusal)
        snapshot = _review_snapshot(review)
        if review.assignment_id:
            Assignment.objects.filter(pk=review.assignment_id).update(
                state=AssignmentState.RELEASED, reason="verdict undone"
            )
        review.delete()
        claim.review_count = max(0, claim.review_count - 1)
        claim.lease_count += 1
        claim.save(update_fields=["review_count", "lease_count"])
        audit_record(
            action=AuditAction.VERDICT_UNDONE,
            actor=reviewer,
            claim=claim,
            before=str(snapshot["verdict"]),
            data={"review": review_id, "verdict": snapshot},
        )
        assignment = _lease(claim_id=claim.pk, reviewer=reviewer, now=now, reason="verdict undone")
        draft_data: dict[str, object] = {
            "verdict": snapshot["verdict"],
            "note": snapshot["note"],
            "evidence": "\n".join(
                f"{link['url']} {link['title']}".strip()
                for link in snapshot["evidence"]  # type: ignore[attr-defined]  # the snapshot is dict[str, object]; its evidence is a list of dicts
            ),
            "missing_source_kinds": snapshot["missing_source_kinds"],
            "missing_source_note": snapshot["missing_source_note"],
        }
        ReviewDraft.objects.update_or_create(claim=claim, reviewer=reviewer, defaults={"data": draft_clean(draft_data)})
    return assignment
