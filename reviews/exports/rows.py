"""One plain dictionary per claim: the shape every report format is written from."""

from __future__ import annotations

from reviews.models import Claim


def claim_record(claim: Claim) -> dict[str, object]:
    reviews = list(claim.reviews.all())
    return {
        "claim_id": claim.pk,
        "article_id": claim.article_id,
        "article_title": claim.article.title,
        "position": claim.position,
        "text": claim.text,
        "score": claim.score,
        "suggested_status": claim.suggested_status,
        "status": claim.status,
        "finalised_at": claim.finalised_at.isoformat() if claim.finalised_at else None,
        "reviews": [
            {
                "reviewer": review.reviewer.get_username(),
                "verdict": review.verdict,
                "note": review.note,
                "reviewed_at": review.created_at.isoformat(),
                "evidence": [
                    {"url": link.url, "title": link.title, "cited_at": link.cited_at.isoformat()}
                    for link in review.evidence.all()
                ],
            }
            for review in reviews
        ],
    }
