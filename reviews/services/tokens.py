"""API tokens for scripts: one per user, its key shown to its owner once, rotated on demand, with an absolute expiry.

A token lives ``API_TOKEN_TTL_DAYS`` from the moment it was issued or rotated (``ApiToken.created``),
whatever its use; a password change, a password reset or deactivating the account revokes it.
Issuing, rotation, expiry and revocation are written to the audit trail (never the key itself).

**Only a digest is stored.** ``ApiToken`` keeps the SHA-256 of the key, its first ``PREFIX_LENGTH``
characters (so that its owner can tell which key it is) and when it was made; the key itself exists
only in the answer that issues it (``IssuedToken``) and in its owner's hands. Someone who reads the
database, a backup or the admin gets nothing they can send as ``Authorization: Token <key>``.

A fast, unsalted hash is the right one here, unlike for passwords. A key is ``KEY_BYTES`` (32) bytes
from ``secrets`` (256 bits; keys issued before the digest was stored are DRF's 160 random bits), so
no one can guess a key from its digest however fast the hash: a salt or a slow password hash (PBKDF2,
Argon2) defends human-chosen passwords against dictionaries and would only add its cost to every API
request. Nor is it an HMAC keyed with ``SECRET_KEY``: that adds nothing against guessing, and would tie
every token to ``SECRET_KEY`` (rotating it would revoke every token without a word, and a process with
other settings could not check a key).

**Checking a key** hashes it and looks the digest up by equality in a unique index. That comparison is
not constant-time and need not be: a caller chooses the key, not its digest, so timing can at most
tell how the digest of a key of their own compares with stored digests, which says nothing about any
stored key (finding a key with a given digest is a SHA-256 preimage).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from reviews.exceptions import DomainError
from reviews.models import ApiToken, AuditAction
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KEY_BYTES = 32
PREFIX_LENGTH = 8


class NoApiToken(DomainError):
    status_code = 404
    code = "no_api_token"


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued or rotated, with its key: the one moment the key is known to the server.

    Hand ``key`` to the owner in the answer to their request and drop it; it is left out of ``repr``
    so that a log line or a traceback showing this object does not show the key."""

    token: ApiToken
    key: str = field(repr=False)
    replaced: bool = False  # it replaced a live token, whose key stopped working

    @property
    def expires_at(self) -> datetime:
        return token_expires_at(self.token)


def token_digest(key: str) -> str:
    """The SHA-256 of ``key`` in hex: what is stored, and what a presented key is looked up by."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def token_lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_expires_at(token: ApiToken) -> datetime:
    created: datetime = token.created
    return created + token_lifetime()


def token_expired(token: ApiToken, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


def token_for_key(key: str) -> ApiToken | None:
    """The token (with its user) whose key ``key`` is, expired or not; ``None`` for any other string,
    a stored digest included (it is hashed again like any presented key)."""
    return ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()


def _audit(*, action: AuditAction, user: User, actor: User | None, reason: str) -> None:
    audit_record(action=action, actor=actor, reason=reason, data={"user": user.pk, "username": user.get_username()})


def _expire(*, token: ApiToken) -> bool:
    """Delete an expired token and audit it, once (a concurrent caller finds nothing left to delete)."""
    deleted, _ = ApiToken.objects.filter(pk=token.pk, created=token.created).delete()
    if deleted:
        _audit(action=AuditAction.TOKEN_EXPIRED, user=token.user, actor=None, reason="Absolute lifetime reached.")
    return bool(deleted)


def token_current(*, user: User) -> ApiToken | None:
    """The user's live token, without its key (that was shown once); ``None`` when they have none.

    An expired token found here is retired (deleted and audited) on the way."""
    token = ApiToken.objects.select_related("user").filter(user=user).first()
    if token is not None and token_expired(token):
        with transaction.atomic():
            _expire(token=token)
        return None
    return token


def token_current_or_refuse(*, user: User) -> ApiToken:
    """``token_current``, or ``NoApiToken`` (404) saying how to get one."""
    token = token_current(user=user)
    if token is None:
        raise NoApiToken(
            "You have no API token. Make one with POST /api/v1/token/rotate/ (or on the account page); "
            "its key is shown once, in that answer."
        )
    return token


def token_issue(*, user: User, reason: str, actor: User | None = None) -> IssuedToken:
    """A new key for ``user``, replacing the token they had: the old key stops working at once.

    The key is returned once, here; only its digest is stored, so a key cannot be handed out twice and
    asking again always makes a new one. Audited as issued when the user had no live token (an expired
    one is retired and audited first), as rotated when a live one was replaced. ``actor`` is who asked
    (the user themselves unless given)."""
    with transaction.atomic():
        # The user's row serialises issuing for one user: two requests at once end with one token
        # (the last), never a unique-constraint error.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        old = ApiToken.objects.filter(user=user).first()
        if old is not None and token_expired(old):
            _expire(token=old)
            old = None
        ApiToken.objects.filter(user=user).delete()
        key = secrets.token_urlsafe(KEY_BYTES)
        token = ApiToken.objects.create(user=user, digest=token_digest(key), prefix=key[:PREFIX_LENGTH])
        action = AuditAction.TOKEN_ISSUED if old is None else AuditAction.TOKEN_ROTATED
        _audit(action=action, user=user, actor=actor or user, reason=reason)
    return IssuedToken(token=token, key=key, replaced=old is not None)


def token_rotate(*, user: User) -> IssuedToken:
    """Its owner asks for a new key (the account page, ``POST /api/v1/token/rotate/``)."""
    return token_issue(user=user, reason="Asked for by its owner.")


def tokens_revoke(*, user: User, reason: str, actor: User | None = None) -> int:
    """Delete the user's tokens (password changed or reset, account deactivated); audited when there was one."""
    with transaction.atomic():
        deleted, _ = ApiToken.objects.filter(user_id=user.pk).delete()
        if deleted:
            _audit(action=AuditAction.TOKEN_REVOKED, user=user, actor=actor, reason=reason)
    return deleted


def tokens_expire_due(*, now: datetime | None = None) -> int:
    """Retire every token past its lifetime (the beat task runs this hourly); returns how many."""
    cutoff = (now or timezone.now()) - token_lifetime()
    count = 0
    for token in ApiToken.objects.select_related("user").filter(created__lte=cutoff):
        with transaction.atomic():
            count += _expire(token=token)
    return count
