"""Recusal pages: a reviewer declares conflicts of interest; editors see and set everyone's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reviews.exceptions import DomainError
from reviews.roles import REVIEWER, account, is_editor
from reviews.selectors.recusals import claims_blocked_by_recusal, recusal_list
from reviews.services.recusals import recusal_declare, recusal_withdraw
from reviews.web.decorators import editor_required, reviewer_required
from reviews.web.forms import EditorRecusalForm, RecusalForm


@reviewer_required
def my_recusals(request: HttpRequest) -> HttpResponse:
    form = RecusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recusal_declare(user=account(request.user), reviewer_id=request.user.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_error("term", error.message)
        else:
            messages.success(request, "Recorded: you will not be handed such claims.")
            return redirect("review-recusals")
    return render(
        request,
        "reviews/review_recusals.html",
        {"form": form, "recusals": list(recusal_list(reviewer=account(request.user)))},
        status=400 if request.method == "POST" else 200,
    )


@editor_required
def recusals(request: HttpRequest) -> HttpResponse:
    reviewers = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=REVIEWER)
        .order_by("username")
        .values_list("pk", "username")
    )
    form = EditorRecusalForm(request.POST or None, reviewers=reviewers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            recusal_declare(user=account(request.user), reviewer_id=data.pop("reviewer"), **data)
        except DomainError as error:
            form.add_error("term", error.message)
        else:
            messages.success(request, "Recusal recorded.")
            return redirect("editor-recusals")
    return render(
        request,
        "reviews/editor_recusals.html",
        {"form": form, "recusals": list(recusal_list()), "blocked": claims_blocked_by_recusal()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, recusal_id: int) -> HttpResponse:
    try:
        recusal_withdraw(user=account(request.user), recusal_id=recusal_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, "Recusal withdrawn.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or ("editor-recusals" if is_editor(request.user) else "review-recusals"))
