"""Accounts: issuing API tokens after a password check that django-axes counts and locks out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest

from reviews.exceptions import DomainError
from reviews.services.tokens import token_expires_at, token_get_or_create


class LoginFailed(DomainError):
    status_code = 400
    code = "login_failed"


class LoginLockedOut(DomainError):
    status_code = 429
    code = "locked_out"


@dataclass(frozen=True)
class IssuedToken:
    key: str
    username: str
    expires_at: datetime


def api_token_issue(*, request: HttpRequest, username: str, password: str) -> IssuedToken:
    """The user's API token for a correct username and password.

    ``request`` must be Django's own ``HttpRequest`` (not DRF's wrapper): django-axes records the
    failure against it and marks it locked out, which its middleware and this function read.
    Raises ``LoginLockedOut`` after too many failures (even for the right password), else
    ``LoginFailed`` for wrong credentials.
    """
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LoginLockedOut("Too many failed logins for this account; try again later.")
    if user is None or not user.is_active:
        raise LoginFailed("Unable to log in with these credentials.")
    token = token_get_or_create(user=user, reason="Issued for a username and password.")
    return IssuedToken(key=token.key, username=user.get_username(), expires_at=token_expires_at(token))
