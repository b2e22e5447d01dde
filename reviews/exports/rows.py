"""One plain dictionary per claim: the shape every report format is written from."""

from __future__ import annotations

import re

from reviews.exceptions import ReportDataError
from reviews.models import Claim, ClaimStatus, Verdict
from reviews.selectors.shelf_life import claim_rereview_due

CONTEXT_CHARS = 240
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def sentence_context(text: str, start: int, end: int) -> dict[str, str] | None:
    """The sentence before and after the claim in the article's cleaned text, or None if out of range."""
    if not (0 <= start <= end <= len(text)):
        return None
    before = text[max(0, start - CONTEXT_CHARS) : start]
    ends = list(_SENTENCE_END.finditer(before))
    if len(ends) >= 2:
        before = before[ends[-2].end() :]
    elif start > CONTEXT_CHARS and ends:
        before = before[ends[-1].end() :]
    after = text[end : end + CONTEXT_CHARS]
    first = _SENTENCE_END.search(after.lstrip())
    if first:
        after = after[: len(after) - len(after.lstrip()) + first.end()]
    return {"before": before.strip(), "after": after.strip()}


def claim_record(claim: Claim, precedents: list[dict[str, object]] | None = None) -> dict[str, object]:
    """The claim as plain data. A row that breaks the model's rules raises ReportDataError naming it."""
    try:
        return _claim_record(claim, precedents or [])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ReportDataError(
            f"Claim #{claim.pk} (article #{claim.article_id}, position {claim.position}) could not be written: "
            f"{error}. Fix the row (for example in the admin) and compile the report again."
        ) from error


def _claim_record(claim: Claim, precedents: list[dict[str, object]]) -> dict[str, object]:
    reviews = list(claim.reviews.all())
    article = claim.article
    events = getattr(claim, "adjudication_events", [])
    return {
        "claim_id": claim.pk,
        "article_id": claim.article_id,
        "article_title": article.title,
        "article_url": article.source_url or None,
        "article_desk": article.desk,
        "article_ingested_at": article.ingested_at.isoformat(),
        "position": claim.position,
        "text": claim.text,
        "context": sentence_context(article.cleaned_text, claim.start, claim.end),
        "score": claim.score,
        "suggested_status": Verdict(claim.suggested_status).value,
        "status": ClaimStatus(claim.status).value,
        "status_label": ClaimStatus(claim.status).label,
        "finalised_at": claim.finalised_at.isoformat() if claim.finalised_at else None,
        "updated_at": claim.updated_at.isoformat(),
        # Verdict shelf-life: due once the re-review date has come and nobody decided again since.
        "rereview_on": claim.rereview_on.isoformat() if claim.rereview_on else None,
        "rereview_due": claim_rereview_due(claim),
        "reviews": [
            {
                "reviewer": review.reviewer.get_username(),
                "verdict": Verdict(review.verdict).value,
                "verdict_label": Verdict(review.verdict).label,
                "note": review.note,
                "missing_source": (
                    {"kinds": list(review.missing_source_kinds), "note": review.missing_source_note}
                    if review.verdict == Verdict.NEEDS_SOURCE
                    else None
                ),
                "reviewed_at": review.created_at.isoformat(),
                "evidence": [
                    {"url": link.url, "title": link.title, "cited_at": link.cited_at.isoformat()}
                    for link in review.evidence.all()
                ],
            }
            for review in reviews
        ],
        "adjudication": [
            {
                "at": event.at.isoformat(),
                "actor": event.actor.get_username() if event.actor else None,
                "action": event.action,
                "before": event.before,
                "after": event.after,
                "reason": event.reason,
            }
            for event in events
        ],
        "precedents": precedents,
    }
