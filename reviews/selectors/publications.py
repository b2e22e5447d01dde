"""Reads behind published fact-checks: the draft an editor starts from, the public pages, ClaimReview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, QuerySet
from django.urls import reverse

from reviews.models import AuditEvent, Claim, EvidenceLink, Publication, PublicationCorrection, RatingScale, Review
from reviews.selectors.report_document import DECISION_ACTIONS, claim_reason

PER_PAGE = 20


def rating_scale(*, for_update: bool = False) -> RatingScale:
    """The newsroom's rating scale (created with its defaults on first use)."""
    scales = RatingScale.objects.select_for_update() if for_update else RatingScale.objects
    scale = scales.filter(pk=1).first()
    if scale is None:
        scale, _ = RatingScale.objects.get_or_create(pk=1)
    return scale


@dataclass(frozen=True)
class PublicationDraft:
    summary: str
    evidence: list[dict[str, str]]


def publication_draft(*, claim: Claim) -> PublicationDraft:
    """What a publication of ``claim`` starts from: the reason (adjudication reason or the agreed note of the
    reviewers whose verdict is the final one) and the evidence links those reviewers cited.

    Reads the claim's prefetched ``reviews`` (with ``evidence``) and ``audit_events`` when present (the
    editor's claim page has them), else three queries."""
    cache = getattr(claim, "_prefetched_objects_cache", {})
    if "reviews" in cache and "audit_events" in cache:
        all_reviews = [
            {
                "id": r.pk,
                "verdict": r.verdict,
                "note": r.note,
                "review_round": r.review_round,
                "evidence": [{"url": x.url, "title": x.title} for x in r.evidence.all()],
            }
            for r in cache["reviews"]
        ]
        decisions = [
            {"after": e.after, "reason": e.reason} for e in cache["audit_events"] if e.action in DECISION_ACTIONS
        ]
    else:
        all_reviews = list(
            Review.objects.filter(claim=claim)
            .order_by("created_at", "pk")
            .values("id", "verdict", "note", "review_round")
        )
        links: dict[int, list[dict[str, str]]] = {}
        for link in EvidenceLink.objects.filter(review__claim=claim).order_by("pk").values("review_id", "url", "title"):
            links.setdefault(link["review_id"], []).append({"url": link["url"], "title": link["title"]})
        for review in all_reviews:
            review["evidence"] = links.get(review["id"], [])
        decisions = list(
            AuditEvent.objects.filter(claim=claim, action__in=DECISION_ACTIONS)
            .order_by("at", "pk")
            .values("after", "reason")
        )
    reviews = [r for r in all_reviews if r["review_round"] == claim.review_round] or all_reviews
    evidence: list[dict[str, str]] = []
    for review in reviews:
        if review["verdict"] != claim.status:
            continue
        for link in review["evidence"]:
            if all(item["url"] != link["url"] for item in evidence):
                evidence.append({"title": link["title"] or link["url"], "url": link["url"]})
    return PublicationDraft(
        summary=claim_reason(status=claim.status, decisions=decisions, reviews=reviews), evidence=evidence
    )


def public_path(key: str) -> str:
    return reverse("public-fact-check", args=[key])


def public_url(key: str, *, base: str | None = None) -> str:
    """The absolute public URL: on ``base`` (the request's own origin) or ``NEWSROOM_URL``."""
    return (base or settings.NEWSROOM_URL).rstrip("/") + public_path(key)


def live_publications() -> QuerySet[Publication]:
    return Publication.objects.filter(unpublished_at=None)


PUBLIC_FIELDS = (
    "key",
    "claim_text",
    "article_title",
    "article_url",
    "status",
    "summary",
    "published_at",
    "updated_at",
)


def public_index(*, offset: int, limit: int = PER_PAGE) -> list[dict[str, Any]]:
    """One page of live fact-checks, newest first: one query, plain rows (no per-row query)."""
    rows = live_publications().order_by("-published_at", "-id").values(*PUBLIC_FIELDS)[offset : offset + limit]
    return list(rows)


def public_index_changed() -> datetime | None:
    """When anything on the index last changed (a publication, withdrawal or the rating scale)."""
    last = Publication.objects.aggregate(last=Max("updated_at"))["last"]
    scale = rating_scale().updated_at
    return max(filter(None, [last, scale]), default=None)


def public_page(*, key: str) -> tuple[Publication, list[PublicationCorrection]] | None:
    publication = Publication.objects.filter(key=key).first()
    if publication is None:
        return None
    return publication, list(publication.corrections.order_by("-corrected_at", "-id"))


def claim_review(publication: Publication | dict[str, Any], *, scale: RatingScale, url: str) -> dict[str, object]:
    """schema.org ClaimReview of a publication, with the properties Google's fact-check markup requires."""
    get = publication.get if isinstance(publication, dict) else lambda name: getattr(publication, name)
    value, wording = scale.rating(str(get("status")))
    base = settings.NEWSROOM_URL.rstrip("/")
    appearance: dict[str, object] = {"@type": "CreativeWork", "headline": get("article_title")}
    item: dict[str, object] = {"@type": "Claim", "appearance": appearance}
    if get("article_url"):
        appearance["url"] = get("article_url")
    authors = [name.strip() for name in str(get("article_byline") or "").split(";") if name.strip()]
    if authors:  # the article's byline (a page's metadata): who wrote where the claim appeared
        people = [{"@type": "Person", "name": name} for name in authors]
        appearance["author"] = people[0] if len(people) == 1 else people
    if get("article_published_on"):  # the claim was made (at the latest) when the article was published
        appearance["datePublished"] = item["datePublished"] = get("article_published_on").isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": get("claim_text"),
        "datePublished": get("published_at").date().isoformat(),
        "dateModified": get("updated_at").isoformat(),
        "author": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": base},
        "reviewBody": get("summary"),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": scale.best_rating,
            "worstRating": scale.worst_rating,
            "alternateName": wording,
        },
        "itemReviewed": item,
    }
