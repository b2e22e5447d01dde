"""Setting a verdict's re-review date from the pages (editors; reviewers of the claim)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reviews.exceptions import DomainError
from reviews.roles import account
from reviews.services.shelf_life import claim_schedule_rereview
from reviews.web.forms import RereviewForm


@require_POST
@login_required
def set_rereview(request: HttpRequest, claim_id: int) -> HttpResponse:
    form = RereviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a valid date (or leave it empty to remove the re-review date).")
    else:
        try:
            claim = claim_schedule_rereview(
                claim_id=claim_id,
                user=account(request.user),
                on=form.cleaned_data["rereview_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            when = claim.rereview_on.isoformat() if claim.rereview_on else None
            messages.success(request, f"Claim #{claim_id}: re-review on {when}." if when else "Re-review date removed.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)
