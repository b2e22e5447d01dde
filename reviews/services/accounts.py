"""Accounts: issuing API tokens after a password check that django-axes counts and locks out."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest

from reviews.exceptions import DomainError
from reviews.services.tokens import IssuedToken, token_issue


class LoginFailed(DomainError):
    status_code = 400
    code = "login_failed"


class LoginLockedOut(DomainError):
    status_code = 429
    code = "locked_out"


def api_token_issue(*, request: HttpRequest, username: str, password: str) -> IssuedToken:
    """A new API token for a correct username and password; the account's previous token stops working.

    Only a key's digest is stored, so the key of an existing token cannot be returned: every exchange
    makes a new one (audited as issued, or as rotated when it replaced a live token).

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
    return token_issue(user=user, reason="Issued for a username and password.")
