"""Triage: an article not detected as English waits for an editor's decision on its text.

Automatic extraction is English-only. An article in another language, or whose language cannot
be determined, is ingested with no claims in ``ArticleState.TRIAGE``; readiness counts it as one
unresolved item, so it cannot be cleared. An editor ends triage either by confirming "nothing to
check" with a reason (``article_triage_confirm``, audited) or by adding claims by hand
(``corrections.claim_add_missed`` moves the article to ``review``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reviews.exceptions import ArticleStateConflict, InvalidInput, NotAllowed, NotFound
from reviews.models import Article, ArticleState, AuditAction
from reviews.roles import is_editor
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TRIAGE_REASON_MAX_CHARS = 2000


def article_triage_confirm(*, article_id: int, user: User, reason: str) -> Article:
    """An editor confirms that an article in triage has nothing to check; the reason is required."""
    if not is_editor(user):
        raise NotAllowed("Only editors can decide an article's triage.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why there is nothing to check (the reason is kept in the audit trail).")
    if len(reason) > TRIAGE_REASON_MAX_CHARS:
        raise InvalidInput(f"The reason is at most {TRIAGE_REASON_MAX_CHARS} characters.")
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFound("No such article.")
        if article.state != ArticleState.TRIAGE:
            raise ArticleStateConflict(
                f"Article #{article.pk} is not in triage ({article.get_state_display().lower()}); nothing to decide."
            )
        article.state = ArticleState.NOTHING_TO_CHECK
        article.triage_decided_by = user
        article.triage_decided_at = timezone.now()
        article.triage_reason = reason
        article.save(update_fields=["state", "triage_decided_by", "triage_decided_at", "triage_reason"])
        audit_record(
            action=AuditAction.ARTICLE_TRIAGED,
            actor=user,
            article=article,
            before=ArticleState.TRIAGE,
            after=ArticleState.NOTHING_TO_CHECK,
            reason=reason,
            data={"language": article.language},
        )
    return article


def article_leave_triage(*, article: Article) -> str:
    """A claim was added by hand to a locked ``article``: it now goes through review. Returns the old state."""
    before = article.state
    if before != ArticleState.REVIEW:
        article.state = ArticleState.REVIEW
        article.save(update_fields=["state"])
    return before
