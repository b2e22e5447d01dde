"""The publication gate: an editor clears an article only when every claim is final, or overrides it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reviews.exceptions import AlreadyCleared, ArticleNotReady, ArticleSuperseded, NotAllowed
from reviews.models import Article, ArticleState, AuditAction
from reviews.roles import is_editor
from reviews.selectors.readiness import article_readiness
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def article_clear(*, article_id: int, user: AbstractBaseUser, override_reason: str = "") -> Article:
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
            after="cleared_override" if article.clearance_override_reason else "cleared",
            reason=article.clearance_override_reason,
            data={"unresolved": readiness.unresolved, "total": readiness.total},
        )
    return article
