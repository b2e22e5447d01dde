"""The user's own account page: their API token for scripts, made or rotated, its key shown once."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from reviews.roles import account
from reviews.services.tokens import token_current, token_expires_at, token_rotate


@login_required
def token(request: HttpRequest) -> HttpResponse:
    """The token's prefix, creation and expiry; never its key (only its digest is stored)."""
    current = token_current(user=account(request.user))
    expires_at = token_expires_at(current) if current is not None else None
    return render(request, "reviews/account_token.html", {"token": current, "expires_at": expires_at})


@require_POST
@login_required
def rotate_token(request: HttpRequest) -> HttpResponse:
    """Make a new key (the old one stops working) and show it in this answer, the only time it is shown.

    Rendered here rather than redirected to the page: the key must not travel through the session or
    a message cookie, and the answer is marked for no cache to keep (reloading asks to send the form
    again, which would make yet another key)."""
    issued = token_rotate(user=account(request.user))
    response = render(
        request,
        "reviews/account_token.html",
        {"token": issued.token, "expires_at": issued.expires_at, "new_key": issued.key, "replaced": issued.replaced},
    )
    add_never_cache_headers(response)
    return response
