"""API tokens for scripts: one per user, shown to its owner, rotated on demand, with an absolute expiry.

A token lives ``API_TOKEN_TTL_DAYS`` from the moment it was issued or rotated (``Token.created``),
whatever its use; a password change, a password reset or deactivating the account revokes it.
Issuing, rotation, expiry and revocation are written to the audit trail (never the key itself).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from reviews.models import AuditAction
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def token_lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_expires_at(token: Token) -> datetime:
    created: datetime = token.created
    return created + token_lifetime()


def token_expired(token: Token, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


def _audit(*, action: AuditAction, user: User, actor: User | None, reason: str) -> None:
    audit_record(action=action, actor=actor, reason=reason, data={"user": user.pk, "username": user.get_username()})


def _expire(*, token: Token) -> bool:
    """Delete an expired token and audit it, once (a concurrent caller finds nothing left to delete)."""
    deleted, _ = Token.objects.filter(pk=token.pk, created=token.created).delete()
    if deleted:
        _audit(action=AuditAction.TOKEN_EXPIRED, user=token.user, actor=None, reason="Absolute lifetime reached.")
    return bool(deleted)


def token_get_or_create(*, user: User, reason: str = "First requested.", actor: User | None = None) -> Token:
    """The user's live token; an expired one is retired and a new one issued (both audited).

    ``actor`` is who asked (the user themselves unless given, e.g. an admin)."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_expired(token):
            _expire(token=token)
            token = None
        if token is None:
            token = Token.objects.create(user=user)
            _audit(action=AuditAction.TOKEN_ISSUED, user=user, actor=actor or user, reason=reason)
        return token


def token_rotate(*, user: User) -> Token:
    """Replace the user's token with a new one; the old key stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        _audit(action=AuditAction.TOKEN_ROTATED, user=user, actor=user, reason="Rotated by its owner.")
        return token


def tokens_revoke(*, user: User, reason: str, actor: User | None = None) -> int:
    """Delete the user's tokens (password changed or reset, account deactivated); audited when there was one."""
    with transaction.atomic():
        deleted, _ = Token.objects.filter(user_id=user.pk).delete()
        if deleted:
            _audit(action=AuditAction.TOKEN_REVOKED, user=user, actor=actor, reason=reason)
    return deleted


def tokens_expire_due(*, now: datetime | None = None) -> int:
    """Retire every token past its lifetime (the beat task runs this hourly); returns how many."""
    cutoff = (now or timezone.now()) - token_lifetime()
    count = 0
    for token in Token.objects.select_related("user").filter(created__lte=cutoff):
        with transaction.atomic():
            count += _expire(token=token)
    return count
