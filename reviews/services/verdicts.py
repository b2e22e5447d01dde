"""Recording a reviewer's verdict and settling the claim's status when the reviews are in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.exceptions import AlreadyReviewed, ClaimNotHeld, EvidenceRequired, InvalidVerdict, MissingSourceRequired
from reviews.models import (
    AssignmentState,
    AuditAction,
    Claim,
    ClaimStatus,
    EvidenceLink,
    MissingSource,
    Review,
    Verdict,
    WebhookEvent,
)
from reviews.services.audit import audit_record
from reviews.services.queue import assignment_get_held, claim_revoke_leases
from reviews.services.shelf_life import claim_schedule_rereview_locked, rereview_check
from reviews.services.webhooks import webhook_emit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

MAX_EVIDENCE_LINKS = 20
_url_validator = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str = ""


def evidence_validate(links: list[EvidenceInput]) -> list[EvidenceInput]:
    if len(links) > MAX_EVIDENCE_LINKS:
        raise InvalidVerdict(f"At most {MAX_EVIDENCE_LINKS} evidence links per review.")
    cleaned: list[EvidenceInput] = []
    for link in links:
        url = link.url.strip()
        try:
            _url_validator(url)
        except ValidationError:
            raise InvalidVerdict(f"Not a valid http(s) link: {url[:200]!r}") from None
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
    reviewer: AbstractBaseUser,
    verdict: str,
    note: str = "",
    evidence: list[EvidenceInput] | None = None,
    missing_source_kinds: list[str] | None = None,
    missing_source_note: str = "",
    rereview_on: date | None = None,
) -> Review:
    """Record ``reviewer``'s verdict on the claim they hold under ``assignment_id``.

    Refused with ``ClaimNotHeld`` when the lease is not theirs, expired or closed; with
    ``AlreadyReviewed`` when they reviewed this claim before. Nothing is overwritten.
    Evidence-gated: "supported" needs at least one evidence link (``EvidenceRequired``);
    "needs source" must say what kind of source is missing (``MissingSourceRequired``).
    ``rereview_on`` gives the verdict a shelf-life (see ``services/shelf_life.py``).
    """
    if verdict not in Verdict.values:
        raise InvalidVerdict(f"Unknown verdict {verdict!r}; use one of {', '.join(Verdict.values)}.")
    links = evidence_validate(evidence or [])
    now = timezone.now()
    held_claim_id: int | None = None
    try:
        with transaction.atomic():
            # One query: the lease, and the claim's row locked (the order ``_close`` locks in too).
            assignment = assignment_get_held(
                assignment_id=assignment_id, reviewer=reviewer, now=now, with_article=False, lock_claim=True
            )
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
                    verdict=verdict, kinds=missing_source_kinds or [], note=missing_source_note
                )
                if rereview_on is not None:
                    rereview_check(rereview_on)
            except InvalidVerdict:
                if _reviewed_before(claim_id=claim.pk, reviewer=reviewer):
                    raise AlreadyReviewed("You have already reviewed this claim.") from None
                raise
            closed = assignment.__class__.objects.filter(pk=assignment.pk, state=AssignmentState.ACTIVE).update(
                state=AssignmentState.SUBMITTED, closed_at=now
            )
            if closed != 1:
                raise ClaimNotHeld("This lease was closed in the meantime; your verdict was not recorded.")
            # A second review by the same reviewer breaks ``review_one_per_reviewer_claim``: the whole
            # transaction rolls back and the error becomes ``AlreadyReviewed`` below.
            review = Review.objects.create(
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
            EvidenceLink.objects.bulk_create(
                EvidenceLink(review=review, url=link.url, title=link.title) for link in links
            )
            # We hold the row lock: these counters are current, and ``claim_settle`` writes them.
            claim.review_count += 1
            claim.lease_count = max(0, claim.lease_count - 1)
            audit_record(
                action=AuditAction.VERDICT_RECORDED,
                actor=reviewer,
                claim=claim,
                after=verdict,
                data={"review": review.pk, "evidence": len(links), "missing_source": kinds},
            )
            if rereview_on is not None:
                claim_schedule_rereview_locked(
                    claim=claim, user=reviewer, on=rereview_on, reason="set with the verdict"
                )
            # The first review of a round is the round's only verdict: no need to read it back.
            claim_settle(
                claim=claim,
                counters_changed=True,
                round_verdicts={verdict} if claim.review_count == 1 else None,
            )
    except IntegrityError:
        if held_claim_id is not None and _reviewed_before(claim_id=held_claim_id, reviewer=reviewer):
            raise AlreadyReviewed("You have already reviewed this claim.") from None
        raise
    return review


def _reviewed_before(*, claim_id: int, reviewer: AbstractBaseUser) -> bool:
    """Only asked on a refusal path: is this a second review by the same reviewer?"""
    return Review.objects.filter(claim_id=claim_id, reviewer=reviewer).exists()


def claim_settle(
    *,
    claim: Claim,
    actor: AbstractBaseUser | None = None,
    counters_changed: bool = False,
    round_verdicts: set[str] | None = None,
) -> Claim:
    """Once the required reviews of this round are in: agreement sets the status, disagreement disputes it.

    Caller holds the claim row lock. Leases still open on a settled claim (its required reviews
    were lowered meanwhile) are closed, so nobody reviews a claim that is already decided.
    ``counters_changed``: the caller changed ``review_count``/``lease_count`` in memory, and they are
    saved with the status in one UPDATE. ``round_verdicts``: the verdicts of the current round,
    when the caller already knows them.
    """
    counters = ["review_count", "lease_count"] if counters_changed else []
    if claim.status != ClaimStatus.PENDING or claim.review_count < claim.required_reviews:
        if counters:
            claim.save(update_fields=counters)
        return claim
    if round_verdicts is not None:
        verdicts = set(round_verdicts)
    else:
        verdicts = set(
            Review.objects.filter(claim=claim, review_round=claim.review_round).values_list("verdict", flat=True)
        )
    before = claim.status
    if len(verdicts) == 1:
        claim.status = verdicts.pop()
        claim.finalised_at = timezone.now()
    else:
        claim.status = ClaimStatus.DISPUTED
    claim.save(update_fields=[*counters, "status", "finalised_at", "updated_at"])
    audit_record(
        action=AuditAction.STATUS_CHANGED,
        claim=claim,
        before=before,
        after=claim.status,
        reason="reviews agree" if claim.status != ClaimStatus.DISPUTED else "reviews disagree",
    )
    disputed = claim.status == ClaimStatus.DISPUTED
    webhook_emit(
        event=WebhookEvent.DISAGREEMENT_RAISED if disputed else WebhookEvent.CLAIM_FINALISED,
        payload={"claim_id": claim.pk, "article_id": claim.article_id, "status": claim.status},
    )
    if claim.lease_count:
        claim_revoke_leases(claim=claim, actor=actor, reason="the claim was settled")
    return claim
