"""The user's own account page: their API token for scripts, shown and rotated."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reviews.roles import account
from reviews.services.tokens import token_expires_at, token_get_or_create, token_rotate


@login_required
def token(request: HttpRequest) -> HttpResponse:
    token = token_get_or_create(user=account(request.user))
    return render(request, "reviews/account_token.html", {"token": token, "expires_at": token_expires_at(token)})


@require_POST
@login_required
def rotate_token(request: HttpRequest) -> HttpResponse:
    token_rotate(user=account(request.user))
    messages.success(request, "New token created. The old one no longer works.")
    return redirect("account-token")
