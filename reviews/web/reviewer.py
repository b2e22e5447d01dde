"""The reviewer's pages: the desk (with a queue filter), the claim under review, verdict, skip, "not a claim"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from reviews.exceptions import ClaimNotHeld, DomainError, NothingToReview, TooManyLeases
from reviews.selectors.queue import (
    assignment_list_held,
    claim_context,
    claim_precedents,
    cue_segments,
    queue_filter_options,
    reviewer_progress,
)
from reviews.selectors.readiness import article_readiness, readiness_by_article
from reviews.services.corrections import claim_flag_not_a_claim
from reviews.services.queue import assignment_get_held, assignment_release, claim_assign_next
from reviews.services.verdicts import verdict_record
from reviews.web.decorators import reviewer_required
from reviews.web.forms import NotAClaimForm, QueueFilterForm, ReleaseForm, VerdictForm

_FILTER_KEY = "review_queue_filter"


def _queue_filter(request: HttpRequest) -> tuple[int | None, str]:
    """The reviewer's queue filter, kept in the session so "save and next" stays within it."""
    saved = request.session.get(_FILTER_KEY) or {}
    return saved.get("article"), saved.get("desk", "")


@require_GET
@reviewer_required
def desk(request: HttpRequest) -> HttpResponse:
    if "article" in request.GET or "desk" in request.GET:
        form = QueueFilterForm(request.GET)
        if form.is_valid():
            request.session[_FILTER_KEY] = {
                "article": form.cleaned_data["article"],
                "desk": form.cleaned_data["desk"].strip(),
            }
    article_id, desk_name = _queue_filter(request)
    held = list(assignment_list_held(reviewer=request.user))
    readiness = readiness_by_article(article_ids=[assignment.claim.article_id for assignment in held])
    for assignment in held:
        assignment.article_readiness = readiness.get(assignment.claim.article_id)  # type: ignore[attr-defined]
    return render(
        request,
        "reviews/review_desk.html",
        {
            "held": held,
            "progress": reviewer_progress(reviewer=request.user, article_id=article_id, desk=desk_name),
            "options": queue_filter_options(),
            "filter_article": article_id,
            "filter_desk": desk_name,
        },
    )


@require_POST
@reviewer_required
def take_next(request: HttpRequest) -> HttpResponse:
    held = assignment_list_held(reviewer=request.user).first()
    if held is not None:
        return redirect("review-claim", assignment_id=held.pk)
    article_id, desk_name = _queue_filter(request)
    try:
        assignment = claim_assign_next(reviewer=request.user, article_id=article_id, desk=desk_name)
    except (NothingToReview, TooManyLeases) as error:
        messages.info(request, error.message)
        return redirect("review-desk")
    return redirect("review-claim", assignment_id=assignment.pk)


@reviewer_required
def claim(request: HttpRequest, assignment_id: int) -> HttpResponse:
    try:
        assignment = assignment_get_held(assignment_id=assignment_id, reviewer=request.user)
    except ClaimNotHeld as error:
        messages.error(request, f"{error.message} Nothing was saved." if request.method == "POST" else error.message)
        return redirect("review-desk")
    form = VerdictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kinds, missing_note = form.missing_source()
            verdict_record(
                assignment_id=assignment.pk,
                reviewer=request.user,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
                evidence=form.evidence_links(),
                missing_source_kinds=kinds,
                missing_source_note=missing_note,
                rereview_on=form.cleaned_data.get("rereview_on"),
            )
        except ClaimNotHeld as error:
            messages.error(request, f"{error.message} Nothing was saved.")
            return redirect("review-desk")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Verdict saved.")
            return take_next(request)
    before, text, after = claim_context(claim=assignment.claim)
    article_id, desk_name = _queue_filter(request)
    return render(
        request,
        "reviews/review_claim.html",
        {
            "assignment": assignment,
            "claim": assignment.claim,
            "context_before": before,
            "context_after": after,
            "segments": cue_segments(assignment.claim),
            "form": form,
            "not_a_claim_form": NotAClaimForm(),
            "precedents": claim_precedents(assignment.claim),
            "readiness": article_readiness(assignment.claim.article),
            "seconds_left": max(0, int((assignment.expires_at - timezone.now()).total_seconds())),
            "progress": reviewer_progress(reviewer=request.user, article_id=article_id, desk=desk_name),
            "filter_article": article_id,
            "filter_desk": desk_name,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@reviewer_required
def release(request: HttpRequest, assignment_id: int) -> HttpResponse:
    form = ReleaseForm(request.POST)
    form.is_valid()
    skip = bool(form.cleaned_data.get("skip"))
    try:
        assignment_release(
            assignment_id=assignment_id,
            reviewer=request.user,
            reason=form.cleaned_data.get("reason", ""),
            skip=skip,
        )
    except ClaimNotHeld as error:
        messages.error(request, error.message)
        return redirect("review-desk")
    if skip:
        messages.info(request, "Claim skipped.")
        return take_next(request)
    messages.info(request, "Claim released back to the queue.")
    return redirect("review-desk")


@require_POST
@reviewer_required
def not_a_claim(request: HttpRequest, assignment_id: int) -> HttpResponse:
    form = NotAClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why this is not a claim; the reason goes to the editor.")
        return redirect("review-claim", assignment_id=assignment_id)
    try:
        correction = claim_flag_not_a_claim(
            assignment_id=assignment_id, reviewer=request.user, reason=form.cleaned_data["reason"]
        )
    except ClaimNotHeld as error:
        messages.error(request, f"{error.message} Nothing was saved.")
        return redirect("review-desk")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("review-claim", assignment_id=assignment_id)
    messages.success(request, f"Marked claim #{correction.claim_id} not a claim; an editor will confirm it.")
    return take_next(request)
