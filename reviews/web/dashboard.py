"""The editor's dashboard, the filterable claims list behind its numbers, and one claim's detail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.filters import ClaimFilter
from reviews.models import Claim, ClaimStatus, Verdict
from reviews.selectors.claims import claim_get_detail, claim_list
from reviews.selectors.dashboard import Dashboard, DashboardFilters, dashboard_desks, dashboard_get, dashboard_reviewers
from reviews.templatetags.newsroom import claims_url
from reviews.web import charts
from reviews.web.decorators import editor_required
from reviews.web.forms import DashboardFilterForm
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
        {"filter": claim_filter, "page": page, "query": request.GET},
        status=400 if claim_filter.is_bound and not claim_filter.is_valid() else 200,
    )


@require_GET
@editor_required
def claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    try:
        item = claim_get_detail(claim_id=claim_id)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    return render(
        request,
        "reviews/editor_claim.html",
        {
            "claim": item,
            "article": item.article,
            "reviews": list(item.reviews.all()),
            "events": list(item.audit_events.all()),
            "assignments": list(item.assignments.all()),
            **publishing_context(claim=item),
        },
    )
