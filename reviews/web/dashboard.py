"""The editor's dashboard, the filterable claims list behind its numbers, and one claim's detail."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from reviews.exceptions import DomainError
from reviews.filters import ClaimFilter
from reviews.models import AssignmentState, Claim, ClaimStatus, ExtractionCorrection, Verdict
from reviews.roles import account
from reviews.selectors.claims import claim_get_detail, claim_list
from reviews.selectors.dashboard import Dashboard, DashboardFilters, dashboard_desks, dashboard_get, dashboard_reviewers
from reviews.selectors.queue import claim_context, claim_precedents, cue_segments, suggestion_reason
from reviews.services.adjudication import claims_bulk_act
from reviews.templatetags.newsroom import claims_url
from reviews.web import charts
from reviews.web.adjudication import claim_action_forms
from reviews.web.decorators import editor_required
from reviews.web.forms import BulkActionForm, DashboardFilterForm
from reviews.web.publishing import publishing_context

CLAIMS_PER_PAGE = 50


def dashboard_charts(board: Dashboard) -> dict[str, charts.Chart]:
    day_label = "%d %b"
    return {
        "status": charts.status_bar(
            [
                (status, label, count, claims_url(board.filters, status=status))
                for status, label, count in board.mix.by_status()
            ]
        ),
        "backlog": charts.line(
            [(point.day.strftime(day_label), point.open_claims) for point in board.days],
            label="Claims not yet final at the end of each day",
        ),
        "verdicts": charts.stacked_columns(
            [(point.day.strftime(day_label), point.reviews) for point in board.days],
            Verdict.values,
            label="Reviews per day by verdict",
        ),
    }


@require_GET
@editor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    desks, reviewers = dashboard_desks(), dashboard_reviewers()
    form = DashboardFilterForm(request.GET or None, desks=desks, reviewers=reviewers)
    board = dashboard_get(filters=form.filters() if form.is_bound else DashboardFilters(), choices=False)
    return render(
        request,
        "reviews/dashboard.html",
        {
            "form": form,
            "board": board,
            "filters": board.filters,
            "charts": dashboard_charts(board),
            "verdicts": Verdict.choices,
            "statuses": ClaimStatus.choices,
            "reviewer_names": dict(reviewers),
        },
    )


@require_GET
@editor_required
def claims(request: HttpRequest) -> HttpResponse:
    claim_filter = ClaimFilter(request.GET or None, queryset=claim_list(), request=request)
    page = Paginator(claim_filter.qs, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/editor_claims.html",
        {"filter": claim_filter, "page": page, "query": request.GET, "bulk_form": BulkActionForm()},
        status=400 if claim_filter.is_bound and not claim_filter.is_valid() else 200,
    )


@require_GET
@editor_required
def claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    try:
        item = claim_get_detail(claim_id=claim_id)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    assignments = list(item.assignments.all())
    before, _text, after = claim_context(claim=item)
    return render(
        request,
        "reviews/editor_claim.html",
        {
            "claim": item,
            "article": item.article,
            "reviews": list(item.reviews.all()),
            "events": list(item.audit_events.all()),
            "assignments": assignments,
            "leases": [lease for lease in assignments if lease.state == AssignmentState.ACTIVE],
            "context_before": before,
            "context_after": after,
            "segments": cue_segments(item),
            "suggestion_reason": suggestion_reason(item),
            "precedents": claim_precedents(item),
            "corrections": list(
                ExtractionCorrection.objects.filter(claim=item).select_related("proposed_by", "decided_by")
            ),
            "forms": claim_action_forms(item),
            "can_act": True,
            "next_url": request.path,
            **publishing_context(claim=item),
        },
    )


@require_POST
@editor_required
def claims_bulk(request: HttpRequest) -> HttpResponse:
    """Reprioritise, hand to a reviewer, reopen or set the deadline of the claims ticked in the list."""
    form = BulkActionForm(request.POST)
    back = request.POST.get("next", "")
    if not (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
        back = reverse("editor-claims")
    if not form.is_valid():
        problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        messages.error(request, f"Nothing changed. {problems}")
        return redirect(back)
    data = form.cleaned_data
    try:
        result = claims_bulk_act(
            editor=account(request.user),
            claim_ids=list(data["claims"]),
            action=data["action"],
            priority=data.get("priority"),
            reviewer_id=data["reviewer"].pk if data.get("reviewer") else None,
            deadline=data.get("deadline"),
            reason=data.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    if result.done:
        messages.success(
            request, f"{len(result.done)} claim(s) done: {dict(form.fields['action'].choices)[data['action']].lower()}."
        )
    if result.refused:
        messages.warning(request, "Refused: " + "; ".join(result.refused[:20]))
    return redirect(back)
