"""Reads behind the review reports: claims with their reviews, in chunks, and totals."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Prefetch, QuerySet

from reviews.models import Article, Claim, Review

CHUNK_SIZE = 500


def report_articles(*, article_ids: list[int]) -> QuerySet[Article]:
    return Article.objects.filter(pk__in=article_ids).order_by("pk")


def report_claims(*, article_ids: list[int], chunk_size: int = CHUNK_SIZE) -> Iterator[Claim]:
    """Every claim of the articles with reviews, reviewers and evidence, fetched chunk by chunk."""
    reviews = Review.objects.select_related("reviewer").prefetch_related("evidence").order_by("created_at", "pk")
    claims = (
        Claim.objects.filter(article_id__in=article_ids)
        .select_related("article")
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .order_by("article_id", "position")
    )
    return claims.iterator(chunk_size=chunk_size)


def report_totals(*, article_ids: list[int]) -> dict[str, int]:
    rows = Claim.objects.filter(article_id__in=article_ids).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def report_claim_count(*, article_ids: list[int]) -> int:
    return Claim.objects.filter(article_id__in=article_ids).count()
