"""Editors' decisions on claims: adjudicate disputes, reopen, override, prioritise, article settings.

Every function locks the claim (or article) row, checks the state it expects, writes the change
and its audit entry in one transaction, and raises ``ClaimStateConflict`` (409) when the claim is
not in a state that allows the action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reviews.exceptions import ClaimStateConflict, DomainError, InvalidInput, NotFound
from reviews.models import (
    FINAL_STATUSES,
    Article,
    AuditAction,
    Claim,
    ClaimStatus,
    CorrectionKind,
    CorrectionState,
    ExtractionCorrection,
    Review,
    WebhookEvent,
)
from reviews.services.audit import audit_record, audit_values
from reviews.services.claims import claim_status_change
from reviews.services.clearance import RevocationCause, article_clearance_revoke
from reviews.services.notifications import notify_overruled_reviewers
from reviews.services.queue import _required_reason, claim_revoke_leases
from reviews.services.verdicts import claim_settle
from reviews.services.webhooks import webhook_emit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Statuses an editor can set by adjudication or override.
EDITOR_STATUSES = frozenset({*FINAL_STATUSES, ClaimStatus.NOT_A_CLAIM})


def _locked_claim(claim_id: int) -> Claim:
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("No such claim.")
    return claim


def claim_adjudicate(*, claim_id: int, editor: User, status: str, reason: str) -> Claim:
    """Settle a disputed claim: the editor has seen every verdict and sets the final status."""
    reason = _required_reason(reason)
    if status not in FINAL_STATUSES:
        raise InvalidInput(f"Choose one of {', '.join(sorted(FINAL_STATUSES))}.")
    with transaction.atomic():
        claim = _locked_claim(claim_id)
        if claim.status != ClaimStatus.DISPUTED:
            raise ClaimStateConflict(f"Only disputed claims are adjudicated; this one is {claim.status}.")
        verdicts = list(
            Review.objects.filter(claim=claim, review_round=claim.review_round).values_list(
                "reviewer__username", "verdict"
            )
        )
        claim.finalised_at = timezone.now()
        claim_status_change(
            claim=claim,
            status=status,
            also_saved=["finalised_at"],
            action=AuditAction.CLAIM_ADJUDICATED,
            actor=editor,
            reason=reason,
            data={"verdicts": dict(verdicts), "round": claim.review_round},
        )
        _emit_finalised(claim)
        notify_overruled_reviewers(claim=claim, editor=editor, reason=reason)
    return claim


def _emit_finalised(claim: Claim) -> None:
    if claim.status in FINAL_STATUSES:
        webhook_emit(
            event=WebhookEvent.CLAIM_FINALISED,
            payload={"claim_id": claim.pk, "article_id": claim.article_id, "status": claim.status},
        )


def claim_reopen(
    *, claim_id: int, editor: User | None, reason: str, cause: str = RevocationCause.CLAIM_REOPENED
) -> Claim:
    """Send a decided claim back to the queue for a new round of reviews; earlier reviews stay in history.

    Reviewers who reviewed it before are not handed it again. A cleared article loses its
    clearance (``cause`` says why: reopened by an editor, or a re-review date reached).
    """
    reason = _required_reason(reason)
    with transaction.atomic():
        claim = _locked_claim(claim_id)
        if claim.status in (ClaimStatus.PENDING, ClaimStatus.SUPERSEDED, ClaimStatus.WITHDRAWN):
            raise ClaimStateConflict(f"A {claim.get_status_display().lower()} claim cannot be reopened.")
        claim_revoke_leases(claim=claim, actor=editor, reason="the claim was reopened")
        # An open "not a claim" flag is answered by the reopening: the claim is to be reviewed.
        ExtractionCorrection.objects.filter(
            claim=claim, kind=CorrectionKind.NOT_A_CLAIM, state=CorrectionState.PROPOSED
        ).update(
            state=CorrectionState.REJECTED,
            decided_by=editor,
            decided_at=timezone.now(),
            decision_reason=f"reopened: {reason}",
        )
        claim.refresh_from_db(fields=["lease_count"])
        claim.review_round += 1
        claim.review_count = 0
        claim.finalised_at = None
        claim_status_change(
            claim=claim,
            status=ClaimStatus.PENDING,
            also_saved=["review_round", "review_count", "finalised_at"],
            action=AuditAction.CLAIM_REOPENED,
            actor=editor,
            reason=reason,
            data={"round": claim.review_round},
        )
        article_clearance_revoke(article_id=claim.article_id, cause=cause, actor=editor, claim=claim, reason=reason)
    return claim


def claim_override_status(*, claim_id: int, editor: User, status: str, reason: str) -> Claim:
    """Set any claim's status directly, whatever the reviews said. Open leases are closed."""
    reason = _required_reason(reason)
    if status not in EDITOR_STATUSES:
        raise InvalidInput(f"Choose one of {', '.join(sorted(EDITOR_STATUSES))}.")
    with transaction.atomic():
        claim = _locked_claim(claim_id)
        if claim.status == ClaimStatus.SUPERSEDED:
            raise ClaimStateConflict("This claim was split; decide on its parts instead.")
        if claim.status == ClaimStatus.WITHDRAWN:
            raise ClaimStateConflict("A correction withdrew this claim; decide on the new version instead.")
        if claim.status == status:
            raise ClaimStateConflict(f"The claim is already {status}.")
        claim_revoke_leases(claim=claim, actor=editor, reason="an editor set the status")
        claim.finalised_at = timezone.now()
        claim_status_change(
            claim=claim,
            status=status,
            also_saved=["finalised_at"],
            action=AuditAction.STATUS_OVERRIDDEN,
            actor=editor,
            reason=reason,
        )
        _emit_finalised(claim)
        notify_overruled_reviewers(claim=claim, editor=editor, reason=reason, how="overrode the status as")
    return claim


def claim_prioritise(*, claim_id: int, editor: User, priority: int, reason: str = "") -> Claim:
    """Move one claim up (higher) or down the queue."""
    with transaction.atomic():
        claim = _locked_claim(claim_id)
        before = claim.priority
        if before == priority:
            return claim
        claim.priority = priority
        claim.save(update_fields=["priority", "updated_at"])
        audit_record(
            action=AuditAction.CLAIM_PRIORITISED,
            actor=editor,
            claim=claim,
            before=str(before),
            after=str(priority),
            reason=reason.strip(),
        )
    return claim


@dataclass(frozen=True)
class ArticleReviewSettings:
    priority: int
    deadline: datetime | None
    required_reviews: int


_UNSET: object = object()


def article_set_review_settings(
    *,
    article_id: int,
    editor: User,
    priority: int | None = None,
    deadline: datetime | None | object = _UNSET,
    required_reviews: int | None = None,
    reason: str = "",
) -> Article:
    """Change an article's priority, deadline or number of independent reviews (1-3).

    Its claims follow: priority moves every claim by the same amount (keeping a claim raised on
    its own above its siblings), the deadline is copied, and ``required_reviews`` changes on the
    claims still awaiting review; those that already have enough reviews are settled now.
    """
    if required_reviews is not None and not 1 <= required_reviews <= 3:
        raise InvalidInput("Between 1 and 3 independent reviews per claim.")
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFound("No such article.")
        before = ArticleReviewSettings(article.priority, article.deadline, article.required_reviews)
        claims = Claim.objects.filter(article=article)
        if priority is not None and priority != article.priority:
            claims.update(priority=F("priority") + (priority - article.priority))
            article.priority = priority
        if deadline is not _UNSET and deadline != article.deadline:
            assert deadline is None or isinstance(deadline, datetime)
            article.deadline = deadline
            claims.update(deadline=deadline)
        settle_ids: list[int] = []
        if required_reviews is not None and required_reviews != article.required_reviews:
            article.required_reviews = required_reviews
            waiting = claims.filter(status__in=[ClaimStatus.PENDING, ClaimStatus.FLAGGED])
            waiting.update(required_reviews=required_reviews)
            settle_ids = list(
                waiting.filter(status=ClaimStatus.PENDING, review_count__gte=required_reviews).values_list(
                    "pk", flat=True
                )
            )
        after = ArticleReviewSettings(article.priority, article.deadline, article.required_reviews)
        if after == before:
            return article
        article.save(update_fields=["priority", "deadline", "required_reviews"])
        for claim in Claim.objects.select_for_update().filter(pk__in=settle_ids).order_by("pk"):
            claim_settle(claim=claim, actor=editor)
        before_values, after_values = _settings_dict(before), _settings_dict(after)
        changed = [name for name in before_values if before_values[name] != after_values[name]]
        audit_record(
            action=AuditAction.ARTICLE_REVIEW_SETTINGS,
            actor=editor,
            article=article,
            before=audit_values({name: before_values[name] for name in changed}),
            after=audit_values({name: after_values[name] for name in changed}),
            reason=reason.strip(),
            data={
                "before": _settings_dict(before),
                "after": _settings_dict(after),
                "settled_claims": settle_ids,
            },
        )
    return article


def _settings_dict(value: ArticleReviewSettings) -> dict[str, object]:
    return {
        "priority": value.priority,
        "deadline": value.deadline.isoformat() if value.deadline else None,
        "required_reviews": value.required_reviews,
    }


def claim_set_deadline(*, claim_id: int, editor: User, deadline: datetime | None, reason: str = "") -> Claim:
    """Give one claim its own deadline (the queue orders equal priorities by it, earlier first). Audited."""
    with transaction.atomic():
        claim = _locked_claim(claim_id)
        before = claim.deadline
        if before == deadline:
            return claim
        claim.deadline = deadline
        claim.save(update_fields=["deadline", "updated_at"])
        audit_record(
            action=AuditAction.CLAIM_DEADLINE_SET,
            actor=editor,
            claim=claim,
            before=before.isoformat(timespec="minutes") if before else "",
            after=deadline.isoformat(timespec="minutes") if deadline else "",
            reason=reason.strip(),
        )
    return claim


BULK_ACTIONS = ("prioritise", "assign", "reopen", "deadline")
BULK_MAX_CLAIMS = 200


@dataclass(frozen=True)
class BulkResult:
    done: list[int]
    refused: list[str]  # "#id: why", one per claim the action was refused for


def claims_bulk_act(
    *,
    editor: User,
    claim_ids: list[int],
    action: str,
    priority: int | None = None,
    reviewer_id: int | None = None,
    deadline: datetime | None = None,
    reason: str = "",
) -> BulkResult:
    """One editor action on many claims, each through its own service (and audit event, and transaction).

    A claim the action is refused for (reopening a pending claim, handing a claim to a reviewer who
    reviewed it...) is reported and skipped; the others go through.
    """
    from reviews.services.queue import claim_hand_to

    if action not in BULK_ACTIONS:
        raise InvalidInput(f"Unknown action {action!r}; use one of {', '.join(BULK_ACTIONS)}.")
    ids = sorted(set(claim_ids))
    if not ids:
        raise InvalidInput("Select at least one claim.")
    if len(ids) > BULK_MAX_CLAIMS:
        raise InvalidInput(f"At most {BULK_MAX_CLAIMS} claims at once.")
    if action == "prioritise" and priority is None:
        raise InvalidInput("Give the priority to set.")
    if action == "assign" and reviewer_id is None:
        raise InvalidInput("Choose the reviewer to hand the claims to.")
    done: list[int] = []
    refused: list[str] = []
    for claim_id in ids:
        try:
            if action == "prioritise":
                claim_prioritise(claim_id=claim_id, editor=editor, priority=int(priority or 0), reason=reason)
            elif action == "assign":
                claim_hand_to(claim_id=claim_id, reviewer_id=int(reviewer_id or 0), editor=editor, reason=reason)
            elif action == "reopen":
                claim_reopen(claim_id=claim_id, editor=editor, reason=reason)
            else:
                claim_set_deadline(claim_id=claim_id, editor=editor, deadline=deadline, reason=reason)
        except DomainError as error:
            refused.append(f"#{claim_id}: {error.message}")
        else:
            done.append(claim_id)
    return BulkResult(done=done, refused=refused)
