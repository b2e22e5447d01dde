"""One plain dictionary per claim: the shape every report format is written from."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from reviews.exceptions import ReportDataError
from reviews.models import ClaimStatus, Verdict
from reviews.selectors.shelf_life import claim_rereview_due

_VERDICT_LABELS = {verdict.value: verdict.label for verdict in Verdict}

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


def claim_record(row: dict[str, object], precedents: list[dict[str, object]] | None = None) -> dict[str, object]:
    """The claim (a row from ``report_claim_rows``) as plain data. A row that breaks the model's rules
    raises ReportDataError naming it. A Claim instance is read as such a row first (one claim, a few queries)."""
    if not isinstance(row, dict):
        from reviews.models import Claim
        from reviews.selectors.reports import report_claim_rows

        [row] = next(report_claim_rows(claims=Claim.objects.filter(pk=row.pk)))
    try:
        return _claim_record(row, precedents or [])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ReportDataError(
            f"Claim #{row.get('id')} (article #{row.get('article_id')}, position {row.get('position')}) "
            f"could not be written: {error}. Fix the row (for example in the admin) and compile the report again."
        ) from error


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _claim_record(row: dict[str, Any], precedents: list[dict[str, object]]) -> dict[str, object]:
    article = row["article"]
    status = ClaimStatus(row["status"])
    return {
        "claim_id": row["id"],
        "article_id": row["article_id"],
        "article_title": article["title"],
        "article_url": article["source_url"] or None,
        "article_desk": article["desk"],
        "article_ingested_at": _iso(article["ingested_at"]),
        "position": row["position"],
        "text": row["text"],
        "context": sentence_context(article["cleaned_text"], row["start"], row["end"]),
        "score": row["score"],
        "suggested_status": Verdict(row["suggested_status"]).value,
        "status": status.value,
        "status_label": status.label,
        "finalised_at": _iso(row["finalised_at"]),
        "updated_at": _iso(row["updated_at"]),
        # Verdict shelf-life: due once the re-review date has come and nobody decided again since.
        "rereview_on": _iso(row["rereview_on"]),
        "rereview_due": claim_rereview_due(
            SimpleNamespace(rereview_on=row["rereview_on"], finalised_at=row["finalised_at"])  # type: ignore[arg-type]
        ),
        "reviews": [
            {
                "reviewer": review["reviewer__username"],
                "verdict": Verdict(review["verdict"]).value,
                "verdict_label": _VERDICT_LABELS[review["verdict"]],
                "note": review["note"],
                "missing_source": (
                    {"kinds": list(review["missing_source_kinds"]), "note": review["missing_source_note"]}
                    if review["verdict"] == Verdict.NEEDS_SOURCE
                    else None
                ),
                "reviewed_at": _iso(review["created_at"]),
                "evidence": [
                    {"url": link["url"], "title": link["title"], "cited_at": _iso(link["cited_at"])}
                    for link in review["evidence"]
                ],
            }
            for review in row["reviews"]
        ],
        "adjudication": [
            {
                "at": _iso(event["at"]),
                "actor": event["actor__username"],
                "action": event["action"],
                "before": event["before"],
                "after": event["after"],
                "reason": event["reason"],
            }
            for event in row["adjudication"]
        ],
        "precedents": precedents,
    }
