"""The reviewer's pages: the desk (with a queue filter), the claim under review, verdict, skip, "not a claim"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from reviews.exceptions import (
    AssignmentNotFound,
    ClaimHandedOver,
    ClaimNotHeld,
    DomainError,
    NotFound,
    NothingToReview,
    TooManyLeases,
)
from reviews.models import Assignment, Review
from reviews.roles import account
from reviews.selectors.queue import (
    assignment_list_held,
    claim_context,
    claim_precedents,
    cue_segments,
    queue_filter_options,
    reviewer_progress,
    reviewer_recent_verdicts,
    suggestion_reason,
)
from reviews.selectors.readiness import article_readiness, readiness_by_article
from reviews.services.corrections import claim_flag_not_a_claim
from reviews.services.preferences import preference_set_shortcut_help, preference_shortcut_help_hidden
from reviews.services.queue import (
    assignment_get_held,
    assignment_heartbeat,
    assignment_release,
    claim_assign_next,
    lease_capped,
)
from reviews.services.verdicts import (
    draft_get,
    draft_keep_after_handover,
    draft_save,
    verdict_amend,
    verdict_change_refusal,
    verdict_record,
    verdict_undo,
)
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
    held = list(assignment_list_held(reviewer=account(request.user)))
    readiness = readiness_by_article(article_ids=[assignment.claim.article_id for assignment in held])
    for assignment in held:
        assignment.article_readiness = readiness.get(assignment.claim.article_id)  # type: ignore[attr-defined]  # a display-only attribute set on the instance for the template
    return render(
        request,
        "reviews/review_desk.html",
        {
            "held": held,
            "progress": reviewer_progress(reviewer=account(request.user), article_id=article_id, desk=desk_name),
            "options": queue_filter_options(),
            "filter_article": article_id,
            "filter_desk": desk_name,
        },
    )


@require_POST
@reviewer_required
def take_next(request: HttpRequest) -> HttpResponse:
    held = assignment_list_held(reviewer=account(request.user)).first()
    if held is not None:
        return redirect("review-claim", assignment_id=held.pk)
    article_id, desk_name = _queue_filter(request)
    try:
        assignment = claim_assign_next(reviewer=account(request.user), article_id=article_id, desk=desk_name)
    except (NothingToReview, TooManyLeases) as error:
        messages.info(request, error.message)
        return redirect("review-desk")
    return redirect("review-claim", assignment_id=assignment.pk)


def _draft_fields(request: HttpRequest) -> dict[str, object]:
    """The verdict form's fields as posted, for a draft (nothing is validated but the shape)."""
    data: dict[str, object] = {key: request.POST.get(key, "") for key in ("verdict", "note", "evidence")}
    data.update(
        missing_source_note=request.POST.get("missing_source_note", ""),
        rereview_on=request.POST.get("rereview_on", ""),
        missing_source_kinds=request.POST.getlist("missing_source_kinds"),
    )
    return data


def _own_assignment(request: HttpRequest, assignment_id: int) -> Assignment | None:
    """The reviewer's lease ``assignment_id`` in any state (live, expired, closed), or None."""
    return (
        Assignment.objects.select_related("claim", "claim__article")
        .filter(pk=assignment_id, reviewer=account(request.user))
        .first()
    )


@reviewer_required
def claim(request: HttpRequest, assignment_id: int) -> HttpResponse:
    if request.method == "POST":
        # A lease that ran out while the reviewer wrote is no reason to lose the verdict: saving
        # re-takes the claim when nobody else took it (``verdict_record(retake=True)``).
        assignment = _own_assignment(request, assignment_id)
        if assignment is None:
            messages.error(request, "You do not hold this claim. Nothing was saved.")
            return redirect("review-desk")
    else:
        try:
            assignment = assignment_get_held(assignment_id=assignment_id, reviewer=account(request.user))
        except ClaimNotHeld as error:
            messages.error(request, error.message)
            return redirect("review-desk")
    form = VerdictForm(
        request.POST or None, initial=draft_get(reviewer=account(request.user), claim_id=assignment.claim_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            kinds, missing_note = form.missing_source()
            verdict_record(
                assignment_id=assignment.pk,
                reviewer=account(request.user),
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
                evidence=form.evidence_links(),
                missing_source_kinds=kinds,
                missing_source_note=missing_note,
                rereview_on=form.cleaned_data.get("rereview_on"),
                retake=True,
                clear_draft=True,
            )
        except AssignmentNotFound as error:
            messages.error(request, f"{error.message} Nothing was saved.")
            return redirect("review-desk")
        except (ClaimHandedOver, ClaimNotHeld) as error:
            return _handed_over(request, assignment, error)
        except DomainError as error:
            form.add_error(None, error.message)
            draft_save(reviewer=account(request.user), claim_id=assignment.claim_id, data=_draft_fields(request))
        else:
            messages.success(request, "Verdict saved.")
            return take_next(request)
    elif request.method == "POST":
        draft_save(reviewer=account(request.user), claim_id=assignment.claim_id, data=_draft_fields(request))
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
            "lease_capped": lease_capped(assignment),
            "help_hidden": preference_shortcut_help_hidden(user=account(request.user)),
            "suggestion_reason": suggestion_reason(assignment.claim),
            "heartbeat_seconds": settings.REVIEW_HEARTBEAT_SECONDS,
            "max_hold_minutes": settings.REVIEW_LEASE_MAX_HOLD_MINUTES,
            "progress": reviewer_progress(reviewer=account(request.user), article_id=article_id, desk=desk_name),
            "filter_article": article_id,
            "filter_desk": desk_name,
        },
        status=400 if request.method == "POST" else 200,
    )


def _handed_over(request: HttpRequest, assignment: Assignment, error: ClaimNotHeld) -> HttpResponse:
    """The verdict could not be recorded: keep the reviewer's text as a draft and show it to copy."""
    data = _draft_fields(request)
    draft_keep_after_handover(reviewer=account(request.user), claim_id=assignment.claim_id, data=data)
    return render(
        request,
        "reviews/review_handed_over.html",
        {"claim": assignment.claim, "message": error.message, "draft": data},
        status=409,
    )


@require_POST
@reviewer_required
def shortcut_help(request: HttpRequest) -> JsonResponse:
    """Hide or show the shortcut help on the claim page, for this reviewer from now on."""
    hidden = request.POST.get("hidden") in ("1", "true", "on")
    preference_set_shortcut_help(user=account(request.user), hidden=hidden)
    return JsonResponse({"hidden": hidden})


@require_POST
@reviewer_required
def heartbeat(request: HttpRequest, assignment_id: int) -> JsonResponse:
    """The claim page says the reviewer is active: extend the lease (up to the maximum hold)."""
    try:
        assignment = assignment_heartbeat(assignment_id=assignment_id, reviewer=account(request.user))
    except AssignmentNotFound as error:
        return JsonResponse({"error": error.message}, status=404)
    except ClaimNotHeld as error:
        return JsonResponse({"error": error.message, "seconds_left": 0, "expired": True}, status=409)
    return JsonResponse(
        {
            "seconds_left": max(0, int((assignment.expires_at - timezone.now()).total_seconds())),
            "expires_at": assignment.expires_at.isoformat(),
            "capped": lease_capped(assignment),
        }
    )


@require_POST
@reviewer_required
def save_draft(request: HttpRequest, assignment_id: int) -> JsonResponse:
    """The verdict form as typed so far, saved on the server (restored when the reviewer comes back)."""
    assignment = Assignment.objects.filter(pk=assignment_id, reviewer=account(request.user)).only("claim_id").first()
    if assignment is None:
        return JsonResponse({"error": "You do not hold this claim."}, status=404)
    try:
        draft = draft_save(reviewer=account(request.user), claim_id=assignment.claim_id, data=_draft_fields(request))
    except NotFound as error:
        return JsonResponse({"error": error.message}, status=404)
    return JsonResponse({"saved": draft is not None, "saved_at": timezone.now().isoformat()})


@require_POST
@reviewer_required
def release(request: HttpRequest, assignment_id: int) -> HttpResponse:
    form = ReleaseForm(request.POST)
    form.is_valid()
    skip = bool(form.cleaned_data.get("skip"))
    try:
        assignment_release(
            assignment_id=assignment_id,
            reviewer=account(request.user),
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
            assignment_id=assignment_id, reviewer=account(request.user), reason=form.cleaned_data["reason"]
        )
    except ClaimNotHeld as error:
        messages.error(request, f"{error.message} Nothing was saved.")
        return redirect("review-desk")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("review-claim", assignment_id=assignment_id)
    messages.success(request, f"Marked claim #{correction.claim_id} not a claim; an editor will confirm it.")
    return take_next(request)


@require_GET
@reviewer_required
def my_verdicts(request: HttpRequest) -> HttpResponse:
    """The reviewer's recent verdicts, with amend and (for the last one, two minutes) undo."""
    return render(
        request, "reviews/review_mine.html", {"reviews": reviewer_recent_verdicts(reviewer=account(request.user))}
    )


@reviewer_required
def amend_verdict(request: HttpRequest, review_id: int) -> HttpResponse:
    review = (
        Review.objects.select_related("claim", "claim__article")
        .filter(pk=review_id, reviewer=account(request.user))
        .first()
    )
    if review is None:
        raise Http404("No such verdict of yours.")
    initial = {
        "verdict": review.verdict,
        "note": review.note,
        "evidence": "\n".join(f"{link.url} {link.title}".strip() for link in review.evidence.all()),
        "missing_source_kinds": review.missing_source_kinds,
        "missing_source_note": review.missing_source_note,
    }
    form = VerdictForm(request.POST or None, initial=initial)
    refusal = verdict_change_refusal(review, claim=review.claim)
    if request.method == "POST" and form.is_valid():
        try:
            kinds, missing_note = form.missing_source()
            verdict_amend(
                review_id=review.pk,
                reviewer=account(request.user),
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
                evidence=form.evidence_links(),
                missing_source_kinds=kinds,
                missing_source_note=missing_note,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Verdict amended; the change is kept in the claim's history.")
            return redirect("review-mine")
    return render(
        request,
        "reviews/review_amend.html",
        {"review": review, "claim": review.claim, "form": form, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@reviewer_required
def undo_verdict(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        assignment = verdict_undo(review_id=review_id, reviewer=account(request.user))
    except NotFound as error:
        raise Http404(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("review-mine")
    messages.success(request, "Verdict undone: the claim is yours again, with your verdict as a draft.")
    return redirect("review-claim", assignment_id=assignment.pk)
