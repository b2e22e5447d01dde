"""schema.org ClaimReview JSON-LD for claims with a final status (what search engines read)."""

from __future__ import annotations

from reviews.models import FINAL_STATUSES, ClaimStatus

# 1 is the worst rating and 3 the best: a claim that needs a source rates lowest, a supported one highest.
RATINGS = {ClaimStatus.NEEDS_SOURCE: 1, ClaimStatus.SPECULATIVE: 2, ClaimStatus.SUPPORTED: 3}
BEST_RATING = 3
WORST_RATING = 1


def claim_review(record: dict[str, object], *, newsroom_name: str, newsroom_url: str) -> dict[str, object] | None:
    """A ClaimReview for one claim record, or None when the claim has no final status yet."""
    status = record["status"]
    if status not in FINAL_STATUSES:
        return None
    base = newsroom_url.rstrip("/")
    appearance: dict[str, object] = {"@type": "NewsArticle", "headline": record["article_title"]}
    if record.get("article_url"):
        appearance["url"] = record["article_url"]
    item: dict[str, object] = {"@type": "Claim", "appearance": appearance}
    if record.get("article_url"):
        item["url"] = record["article_url"]
    review: dict[str, object] = {
        "@type": "ClaimReview",
        "url": f"{base}/claims/{record['claim_id']}",
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
    published = record.get("finalised_at") or record.get("updated_at")
    if published:
        review["datePublished"] = published
    return review
