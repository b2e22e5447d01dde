"""The publication gate: an editor clears an article only when every claim is final, or overrides it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reviews.exceptions import AlreadyCleared, ArticleNotReady, ArticleSuperseded, NotAllowed
from reviews.models import NOT_INGESTED_STATES, Article, ArticleState, AuditAction, Claim, NotificationKind
from reviews.roles import is_editor
from reviews.selectors.clearance import ClearanceState, article_clearance
from reviews.selectors.readiness import article_readiness
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def article_clear(*, article_id: int, user: User, override_reason: str = "") -> Article:
    """Mark an article cleared for publication.

    Refused (``ArticleNotReady``) while any claim is pending or disputed, unless the editor gives
    an override reason: it is recorded on the article, in the audit trail, and printed on reports.
    Refused for a superseded version and for an article already cleared.
    """
    if not is_editor(user):
        raise NotAllowed("Only editors can clear an article for publication.")
    reason = override_reason.strip()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.cleared_at is not None:
            raise AlreadyCleared(f"Article #{article.pk} was already cleared on {article.cleared_at:%Y-%m-%d %H:%M}.")
        if Article.objects.filter(previous_version=article).exists():
            raise ArticleSuperseded("A newer version of this article exists; clear that one instead.")
        readiness = article_readiness(article)
        if article.state in NOT_INGESTED_STATES:
            raise ArticleNotReady(f"Article #{article.pk} cannot be cleared: {article.get_state_display().lower()}.")
        if article.state == ArticleState.TRIAGE:
            # No override: triage is itself the human decision that is missing.
            raise ArticleNotReady(
                f"Article #{article.pk} is in triage (detected language: {article.language}; automatic extraction "
                'is English-only). Confirm "nothing to check" with a reason, or add its claims by hand, first.'
            )
        if not readiness.ready and not reason:
            raise ArticleNotReady(
                f"{readiness.label}. Wait for the reviews, or give a reason to clear it anyway (override)."
            )
        article.cleared_at = timezone.now()
        article.cleared_by = user
        article.clearance_override_reason = reason if not readiness.ready else ""
        article.save(update_fields=["cleared_at", "cleared_by", "clearance_override_reason"])
        audit_record(
            action=AuditAction.ARTICLE_CLEARED,
            actor=user,
            article=article,
            before=ClearanceState.NOT_CLEARED,
            after=article_clearance(article).state,
            reason=article.clearance_override_reason,
            data={"unresolved": readiness.unresolved, "total": readiness.total},
        )
    return article


class RevocationCause:
    """Why a clearance no longer holds (stored in the audit event's ``data.cause``)."""

    CLAIM_REOPENED = "claim_reopened"
    REREVIEW_DUE = "rereview_due"
    NEW_VERSION = "new_version"
    CLAIM_ADDED = "claim_added"
    CLAIM_SPLIT = "claim_split"
    CLAIM_TEXT_EDITED = "claim_text_edited"


_CAUSE_LABELS = {
    RevocationCause.CLAIM_REOPENED: "a claim was reopened",
    RevocationCause.REREVIEW_DUE: "a claim's re-review date came",
    RevocationCause.NEW_VERSION: "a new version of the article was ingested",
    RevocationCause.CLAIM_ADDED: "a claim was added",
    RevocationCause.CLAIM_SPLIT: "a claim was split into new claims",
    RevocationCause.CLAIM_TEXT_EDITED: "a claim's text was corrected",
}


def article_clearance_revoke(
    *,
    article_id: int,
    cause: str,
    actor: User | None = None,
    claim: Claim | None = None,
    reason: str = "",
) -> bool:
    """Revoke an article's clearance because something changed after it was given.

    Called by every service whose change means the cleared text or its decisions no longer
    hold (a claim reopened or due for re-review, a new version, a claim added, split or
    re-worded), inside that service's transaction. A no-op (``False``) when the article is not
    cleared. Otherwise the clearance is removed, the revocation is audited with what the
    clearance was, and the editor who gave it is notified in the app and by email.
    """
    from reviews.services.notifications import notification_send

    with transaction.atomic():
        article = (
            Article.objects.select_for_update(of=("self",))
            .select_related("cleared_by")
            .filter(pk=article_id, cleared_at__isnull=False)
            .first()
        )
        if article is None:
            return False
        before = article_clearance(article)
        cleared_by = article.cleared_by
        article.cleared_at = None
        article.cleared_by = None
        article.clearance_override_reason = ""
        article.save(update_fields=["cleared_at", "cleared_by", "clearance_override_reason"])
        what = _CAUSE_LABELS.get(cause, cause)
        audit_record(
            action=AuditAction.CLEARANCE_REVOKED,
            actor=actor,
            article=article,
            claim=claim,
            before=before.state,
            after=ClearanceState.NOT_CLEARED,
            reason=f"{what}" + (f": {reason.strip()}" if reason.strip() else ""),
            data={
                "cause": cause,
                "cleared_by": before.by,
                "cleared_at": before.at.isoformat() if before.at else None,
                "override_reason": before.reason,
                "claim": claim.pk if claim is not None else None,
            },
        )
        if cleared_by is not None and cleared_by.is_active:
            claim_part = f" (claim #{claim.pk})" if claim is not None else ""
            notification_send(
                recipient=cleared_by,
                kind=NotificationKind.CLEARANCE_REVOKED,
                claim=claim,
                subject=f"Clearance of article #{article.pk} revoked",
                body=(
                    f'You cleared article #{article.pk} "{article.title}" for publication on '
                    f"{before.at:%Y-%m-%d %H:%M}. The clearance was revoked because {what}{claim_part}"
                    + (f".\nReason: {reason.strip()}" if reason.strip() else ".")
                    + "\nReview it again and clear it once its claims are decided."
                ),
            )
    return True
