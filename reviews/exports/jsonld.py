"""schema.org ClaimReview JSON-LD: the published form of a review (what search engines read)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from django.conf import settings
from django.db.models import QuerySet

from reviews.models import FINAL_STATUSES, Claim, ClaimStatus

# 1 is the worst rating and 3 the best: a claim that needs a source rates lowest, a supported one highest.
RATINGS = {ClaimStatus.NEEDS_SOURCE: 1, ClaimStatus.SPECULATIVE: 2, ClaimStatus.SUPPORTED: 3}
BEST_RATING = 3
WORST_RATING = 1


def claim_review(record: dict[str, Any], *, newsroom_name: str, newsroom_url: str) -> dict[str, object] | None:
    """A ClaimReview for one claim (``status``, ``text``, ``article_title``, ``article_url``, ``status_label``,
    ``finalised_at``, ``url``), or None when the claim has no final status yet."""
    status = record["status"]
    if status not in FINAL_STATUSES:
        return None
    base = newsroom_url.rstrip("/")
    appearance: dict[str, object] = {"@type": "NewsArticle", "headline": record["article_title"]}
    if record.get("article_url"):
        appearance["url"] = record["article_url"]
    item: dict[str, object] = {"@type": "Claim", "appearance": appearance}
    review: dict[str, object] = {
        "@type": "ClaimReview",
        "url": record.get("url") or f"{base}/claims/{record['claim_id']}",
        "claimReviewed": record["text"],
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": newsroom_name, "url": base},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[ClaimStatus(str(status))],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": record["status_label"],
        },
    }
    if record.get("finalised_at"):
        review["datePublished"] = record["finalised_at"]
    return review


def _records(claims: QuerySet[Claim], chunk_size: int = 500) -> Iterator[list[dict[str, Any]]]:
    rows = (
        claims.filter(status__in=FINAL_STATUSES)
        .order_by("article_id", "position")
        .values("id", "status", "text", "finalised_at", "article__title", "article__source_url")
    )
    chunk: list[dict[str, Any]] = []
    for row in rows.iterator(chunk_size=chunk_size):
        chunk.append(
            {
                "claim_id": row["id"],
                "status": row["status"],
                "status_label": str(ClaimStatus(row["status"]).label),
                "text": row["text"],
                "finalised_at": row["finalised_at"].date().isoformat() if row["finalised_at"] else None,
                "article_title": row["article__title"],
                "article_url": row["article__source_url"],
            }
        )
        if len(chunk) == chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_jsonld(
    out: TextIO,
    claims: QuerySet[Claim],
    *,
    counted: Callable[[Iterable[list[dict[str, Any]]]], Iterable[list[dict[str, Any]]]] = lambda chunks: chunks,
) -> None:
    out.write('{\n "@context": "https://schema.org",\n "@graph": [')
    written = 0
    for chunk in counted(_records(claims)):
        for record in chunk:
            review = claim_review(record, newsroom_name=settings.NEWSROOM_NAME, newsroom_url=settings.NEWSROOM_URL)
            if review is not None:
                out.write(("," if written else "") + "\n  " + json.dumps(review, ensure_ascii=False))
                written += 1
    out.write("\n ]\n}\n")
