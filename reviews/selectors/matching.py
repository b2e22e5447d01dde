"""Reads for claim matching: a claim's precedents, best first."""

from __future__ import annotations

from django.db.models import QuerySet

from reviews.models import ClaimMatch


def claim_match_list(*, claim_id: int, limit: int = 5) -> QuerySet[ClaimMatch]:
    """The stored precedents of a claim with their article, most similar first (one query)."""
    return (
        ClaimMatch.objects.filter(claim_id=claim_id)
        .select_related("matched_claim", "matched_claim__article")
        .order_by("-similarity", "matched_claim_id")[:limit]
    )
