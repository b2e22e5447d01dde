"""Conflict-of-interest recusals: topics, people or organisations a reviewer must not review.

A topic matches the article's desk; a person or organisation matches when the name appears, as
whole words, in the claim or in the article text ("Ford" is not in "Oxford"); case-insensitive.
The queue (``claims_open_for``) never offers a matching claim and ``claim_hand_to`` refuses it.
Declaring and withdrawing are audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from reviews.exceptions import InvalidRecusal, NotAllowed, NotFound, RecusalExists, RecusalReviewerNotFound
from reviews.models import AuditAction, Recusal, RecusalKind
from reviews.roles import is_editor, is_reviewer
from reviews.services.audit import audit_record

if TYPE_CHECKING:

    from django.contrib.auth.models import AbstractBaseUser


def _may_manage(*, user: AbstractBaseUser, reviewer_id: int) -> None:
    if user.pk != reviewer_id and not is_editor(user):
        raise NotAllowed("Only the reviewer themselves or an editor can change a reviewer's recusals.")


def recusal_declare(*, user: AbstractBaseUser, reviewer_id: int, kind: str, term: str, reason: str = "") -> Recusal:
    """``user`` (the reviewer, or an editor) records that ``reviewer_id`` must not review ``term``."""
    _may_manage(user=user, reviewer_id=reviewer_id)
    reviewer = get_user_model().objects.filter(pk=reviewer_id, is_active=True).first()
    if reviewer is None or not is_reviewer(reviewer):
        raise RecusalReviewerNotFound(f"No active reviewer has id {reviewer_id}: recusals are for active reviewers.")
    if kind not in RecusalKind.values:
        raise InvalidRecusal(f"Choose one of {', '.join(RecusalKind.values)}.")
    term = " ".join(term.split())[:200]
    if len(term) < 2:
        raise InvalidRecusal("Name the topic, person or organisation (at least two characters).")
    try:
        with transaction.atomic():
            recusal = Recusal.objects.create(
                reviewer=reviewer, kind=kind, term=term, reason=reason.strip()[:500], declared_by=user
            )
            audit_record(
                action=AuditAction.RECUSAL_DECLARED,
                actor=user,
                after=f"{kind}:{term}",
                reason=recusal.reason,
                data={"recusal": recusal.pk, "reviewer": reviewer.pk, "kind": kind, "term": term},
            )
    except IntegrityError:
        raise RecusalExists(f"{reviewer.get_username()} is already recused from {term!r}.") from None
    return recusal


def recusal_withdraw(*, user: AbstractBaseUser, recusal_id: int) -> None:
    with transaction.atomic():
        recusal = Recusal.objects.select_for_update().filter(pk=recusal_id).first()
        if recusal is None:
            raise NotFound("No such recusal.")
        _may_manage(user=user, reviewer_id=recusal.reviewer_id)
        audit_record(
            action=AuditAction.RECUSAL_WITHDRAWN,
            actor=user,
            before=f"{recusal.kind}:{recusal.term}",
            data={"recusal": recusal.pk, "reviewer": recusal.reviewer_id, "kind": recusal.kind, "term": recusal.term},
        )
        recusal.delete()
