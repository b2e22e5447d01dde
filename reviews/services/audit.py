"""Writing the audit trail. Services call this inside the transaction that makes the change."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reviews.models import Article, AuditAction, AuditEvent, Claim

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.contrib.auth.models import User


def audit_event(
    *,
    action: AuditAction,
    actor: User | None = None,
    article: Article | None = None,
    claim: Claim | None = None,
    before: str = "",
    after: str = "",
    reason: str = "",
    data: dict[str, object] | None = None,
) -> AuditEvent:
    """The audit row for a change, built and not yet saved: ``audit_record`` saves it.

    The one place an audit row's fields are filled in. The queue's one-statement hand-out
    (``services/queue.py``) compiles the row it gets here into its SQL with the ORM, so every
    column and default comes from the model there too.
    """
    article_id: int | None
    if claim is not None and article is None:
        article_id = claim.article_id
    else:
        article_id = article.pk if article is not None else None
    return AuditEvent(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        article_id=article_id,
        claim=claim,
        before=before,
        after=after,
        reason=reason,
        data=data or {},
    )


def audit_record(
    *,
    action: AuditAction,
    actor: User | None = None,
    article: Article | None = None,
    claim: Claim | None = None,
    before: str = "",
    after: str = "",
    reason: str = "",
    data: dict[str, object] | None = None,
) -> AuditEvent:
    event = audit_event(
        action=action, actor=actor, article=article, claim=claim, before=before, after=after, reason=reason, data=data
    )
    event.save(force_insert=True)
    return event


def audit_save(events: Sequence[AuditEvent]) -> None:
    """Save audit rows built by ``audit_event`` (in this order, ids ascending) in one INSERT."""
    AuditEvent.objects.bulk_create(events)


def audit_values(values: dict[str, object]) -> str:
    """Several fields' values as one ``before`` or ``after`` text: a JSON object, keys sorted."""
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
