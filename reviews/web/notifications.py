"""The user's notifications: the list behind the badge, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from reviews.roles import account
from reviews.selectors.notifications import notification_list
from reviews.services.notifications import notification_mark_read


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(notification_list(user=account(request.user)), 50).get_page(request.GET.get("page"))
    return render(request, "reviews/notifications.html", {"page": page})


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    changed = notification_mark_read(user=account(request.user))
    messages.info(request, f"{changed} notification{'s' if changed != 1 else ''} marked read.")
    return redirect("notifications")
