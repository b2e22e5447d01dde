"""API tokens for scripts: one per user, shown to its owner, rotated on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from rest_framework.authtoken.models import Token

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def token_get_or_create(*, user: AbstractBaseUser) -> Token:
    token, _created = Token.objects.get_or_create(user=user)
    return token


def token_rotate(*, user: AbstractBaseUser) -> Token:
    """Replace the user's token with a new one; the old key stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)
