"""Reads for the editor's article pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from reviews.models import FINAL_STATUSES, Article, Claim, ClaimStatus, Report, Review
from reviews.selectors.readiness import readiness_annotate


def article_list() -> QuerySet[Article]:
    """Articles with their readiness counts (``claim_total`` excludes withdrawn claims)."""
    return readiness_annotate(
        Article.objects.select_related("cleared_by").annotate(
            claim_final=Count("claims", filter=Q(claims__status__in=list(FINAL_STATUSES)), distinct=True),
            claim_disputed=Count("claims", filter=Q(claims__status=ClaimStatus.DISPUTED), distinct=True),
        )
    ).order_by("-ingested_at", "-id")


def article_get_with_claims(*, article_id: int) -> Article:
    reviews = Review.objects.select_related("reviewer").prefetch_related("evidence").order_by("created_at")
    claims = (
        Claim.objects.order_by("position")
        .select_related("checkworthiness_model", "status_model")  # which model versions scored each claim
        .prefetch_related(Prefetch("reviews", queryset=reviews))
    )
    return (
        Article.objects.select_related("cleared_by", "previous_version", "next_version")
        .prefetch_related(Prefetch("claims", queryset=claims))
        .get(pk=article_id)
    )


def article_segments(article: Article) -> list[tuple[str, Claim | None]]:
    """The cleaned text cut into plain runs and claim runs, for highlighting."""
    segments: list[tuple[str, Claim | None]] = []
    position = 0
    text = article.cleaned_text
    for claim in sorted(article.claims.all(), key=lambda c: c.start):
        if claim.status == ClaimStatus.SUPERSEDED:
            continue  # split by an editor: its parts are highlighted instead
        if claim.start < position:
            continue
        if claim.start > position:
            segments.append((text[position : claim.start], None))
        segments.append((text[claim.start : claim.end], claim))
        position = claim.end
    if position < len(text):
        segments.append((text[position:], None))
    return segments


def report_list_for_article(*, article_id: int) -> QuerySet[Report]:
    return Report.objects.filter(article_id=article_id).select_related("requested_by").order_by("-requested_at")
