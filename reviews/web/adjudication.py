"""Editors' pages: the adjudication queue, a claim's page with its history and actions, article review settings.

A claim's page is also open to a reviewer once they have reviewed that claim (blind review until then:
404). Every action is a POST that calls one service; history is only ever displayed.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from reviews.exceptions import DomainError, NotFound
from reviews.models import Article, Assignment, AssignmentState, Claim
from reviews.roles import account, is_editor, is_reviewer
from reviews.selectors.claims import review_progress_visible
from reviews.selectors.queue import adjudication_list, claim_get_visible, claim_history, claim_reviews
from reviews.services import adjudication as decisions
from reviews.services import corrections
from reviews.services.queue import assignment_revoke, claim_hand_to
from reviews.web.decorators import editor_required, role_required
from reviews.web.forms import (
    AddClaimForm,
    ArticleReviewSettingsForm,
    DecideForm,
    EditTextForm,
    HandForm,
    OverrideForm,
    PriorityForm,
    ReasonForm,
    ResolveFlagForm,
    RevokeForm,
    SplitForm,
)

ADJUDICATION_PAGE_SIZE = 50


@require_GET
@editor_required
def queue(request: HttpRequest) -> HttpResponse:
    claims = list(adjudication_list()[:ADJUDICATION_PAGE_SIZE])
    return render(
        request,
        "reviews/editor_adjudication.html",
        {"claims": claims, "decide_form": DecideForm(), "flag_form": ResolveFlagForm()},
    )


@require_GET
@role_required(lambda user: is_editor(user) or is_reviewer(user))
def claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    try:
        claim = claim_get_visible(claim_id=claim_id, user=account(request.user))
    except NotFound:
        raise Http404("No such claim.") from None
    editor = is_editor(request.user)
    context: dict[str, object] = {
        "claim": claim,
        "reviews": list(claim_reviews(claim=claim)),
        "events": list(claim_history(claim=claim)),
        "can_act": editor,
        "review_progress": review_progress_visible(user=request.user),
    }
    if editor:
        context.update(
            leases=list(
                Assignment.objects.filter(claim=claim, state=AssignmentState.ACTIVE).select_related("reviewer")
            ),
            forms=claim_action_forms(claim),
        )
    return render(request, "reviews/claim_history.html", context)


def claim_action_forms(claim: Claim) -> dict[str, forms.Form]:
    """The empty forms of every editor action on ``claim`` (templates/reviews/_claim_actions.html)."""
    return {
        "decide": DecideForm(),
        "flag": ResolveFlagForm(),
        "reopen": ReasonForm(),
        "override": OverrideForm(),
        "prioritise": PriorityForm(initial={"priority": claim.priority}),
        "hand": HandForm(),
        "edit_text": EditTextForm(initial={"text": claim.text, "start": claim.start, "end": claim.end}),
        "split": SplitForm(),
    }


def _act_decide(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    decisions.claim_adjudicate(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return "Dispute settled."


def _act_flag(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    claim = corrections.claim_resolve_flag(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return f"Flag resolved: the claim is now {claim.get_status_display().lower()}."


def _act_reopen(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    decisions.claim_reopen(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return "Claim reopened: it is back in the review queue."


def _act_override(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    decisions.claim_override_status(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return "Status set."


def _act_prioritise(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    decisions.claim_prioritise(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return "Priority set."


def _act_hand(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    reviewer = data["reviewer"]
    claim_hand_to(claim_id=claim_id, reviewer_id=reviewer.pk, editor=account(request.user), reason=str(data["reason"]))  # type: ignore[attr-defined]  # the form's reviewer field holds a user model instance
    return f"Claim handed to {reviewer}."


def _act_revoke(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    if not Assignment.objects.filter(pk=data["assignment"], claim_id=claim_id).exists():
        raise NotFound("No such lease on this claim.")
    assignment_revoke(assignment_id=int(data["assignment"]), editor=request.user, reason=str(data["reason"]))  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return "Lease revoked; the claim is back in the queue."


def _act_edit_text(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    corrections.claim_edit_text(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return "Claim text corrected."


def _act_split(request: HttpRequest, claim_id: int, data: dict[str, object]) -> str:
    first, second = corrections.claim_split(claim_id=claim_id, editor=request.user, **data)  # type: ignore[arg-type]  # request.user is User | AnonymousUser to the stubs; the editor check let only editors in
    return f"Claim split into #{first.pk} and #{second.pk}."


ACTIONS: dict[str, tuple[type[forms.Form], Callable[[HttpRequest, int, dict[str, object]], str]]] = {
    "decide": (DecideForm, _act_decide),
    "flag": (ResolveFlagForm, _act_flag),
    "reopen": (ReasonForm, _act_reopen),
    "override": (OverrideForm, _act_override),
    "prioritise": (PriorityForm, _act_prioritise),
    "hand": (HandForm, _act_hand),
    "revoke": (RevokeForm, _act_revoke),
    "edit-text": (EditTextForm, _act_edit_text),
    "split": (SplitForm, _act_split),
}


@require_POST
@editor_required
def claim_act(request: HttpRequest, claim_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    form_class, run = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        messages.error(request, f"Nothing changed. {problems}")
    else:
        try:
            messages.success(request, run(request, claim_id, dict(form.cleaned_data)))
        except NotFound:
            raise Http404("No such claim.") from None
        except DomainError as error:
            messages.error(request, error.message)
    return _back(request, "claim-history", claim_id=claim_id)


def _back(request: HttpRequest, default: str, **kwargs: int) -> HttpResponse:
    """To the page the form came from (a safe ``next``), else ``default``."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(default, **kwargs)


@editor_required
def article_settings(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.only("pk", "title", "priority", "deadline", "required_reviews", "cleaned_text"), pk=article_id
    )
    initial = {"priority": article.priority, "deadline": article.deadline, "required_reviews": article.required_reviews}
    settings_form = ArticleReviewSettingsForm(initial=initial)
    add_form = AddClaimForm()
    if request.method == "POST":
        if not is_editor(request.user):
            raise PermissionDenied
        try:
            if request.POST.get("form") == "add-claim":
                add_form = AddClaimForm(request.POST)
                if add_form.is_valid():
                    claim = corrections.claim_add_missed(
                        article_id=article.pk, editor=account(request.user), **add_form.cleaned_data
                    )
                    messages.success(request, f"Claim #{claim.pk} added.")
                    return _back(request, "editor-article-review-settings", article_id=article.pk)
            else:
                settings_form = ArticleReviewSettingsForm(request.POST)
                if settings_form.is_valid():
                    decisions.article_set_review_settings(
                        article_id=article.pk, editor=account(request.user), **settings_form.cleaned_data
                    )
                    messages.success(request, "Review settings saved; the article's claims follow them.")
                    return _back(request, "editor-article-review-settings", article_id=article.pk)
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "reviews/editor_article_review_settings.html",
        {"article": article, "settings_form": settings_form, "add_form": add_form},
    )
