"""The user's own account page: their API token for scripts, made or rotated, its key shown once.

Making a key is POST/redirect/GET: the POST makes it, stashes it (``show_once``: the shared cache, never
the database, where only the key's digest may be) and answers 303 to the page, whose next GET shows it
once. A reload or a second visit shows the prefix only and never makes another key."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reviews.roles import account
from reviews.services.tokens import token_current, token_digest, token_expires_at, token_rotate
from reviews.web import show_once

SHOWN_ONCE = "account-token"  # the show_once name of a key just made


@never_cache
@login_required
def token(request: HttpRequest) -> HttpResponse:
    """The token's prefix, creation and expiry; its key only on the first visit after making it."""
    current = token_current(user=account(request.user))
    expires_at = token_expires_at(current) if current is not None else None
    context: dict[str, object] = {"token": current, "expires_at": expires_at}
    new = show_once.take(request, SHOWN_ONCE) if request.method == "GET" else None  # a HEAD shows nothing
    if isinstance(new, dict) and current is not None and token_digest(new["key"]) == current.digest:
        context.update(new_key=new["key"], replaced=new["replaced"])
    elif new is not None:  # expired, lost, or replaced since by another rotation: that key is of no use
        context["new_key_gone"] = True
    return render(request, "reviews/account_token.html", context)


@require_POST
@never_cache
@login_required
def rotate_token(request: HttpRequest) -> HttpResponse:
    """Make a new key (the old one stops working), then send the browser to the page that shows it once."""
    issued = token_rotate(user=account(request.user))
    show_once.stash(request, SHOWN_ONCE, {"key": issued.key, "replaced": issued.replaced})
    return show_once.HttpResponseSeeOther(reverse("account-token"))
