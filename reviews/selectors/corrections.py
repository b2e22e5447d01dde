"""Human corrections of the extraction, exported in the corpus JSON format for the extraction evaluation.

The corpus format (../shared/corpus/README.md) per article: ``{"article", "title", "claims":
[{"text", "label"}], "non_claims": [...]}``. We export what reviewers and editors established:
claims are the article's claims as corrected (text edits applied, split parts, added claims),
labelled with their decided status where there is one and the suggestion otherwise;
``non_claims`` are the sentences confirmed not to be claims. ``corrections`` lists the raw
correction rows for traceability.
"""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Prefetch, QuerySet

from reviews.models import (
    FINAL_STATUSES,
    Article,
    Claim,
    ClaimStatus,
    CorrectionState,
    ExtractionCorrection,
)


class CorpusClaim(TypedDict):
    text: str
    label: str
    decided: bool


class CorpusCorrection(TypedDict):
    kind: str
    before: str
    after: str
    start: int | None
    end: int | None
    reason: str
    by: str
    at: str


class CorpusDocument(TypedDict):
    article: str
    article_id: int
    title: str
    claims: list[CorpusClaim]
    non_claims: list[str]
    corrections: list[CorpusCorrection]


def correction_list(*, state: str | None = CorrectionState.CONFIRMED) -> QuerySet[ExtractionCorrection]:
    corrections = ExtractionCorrection.objects.select_related("proposed_by", "claim").order_by("article_id", "id")
    return corrections.filter(state=state) if state else corrections


def corrections_corpus(*, article_ids: list[int] | None = None) -> list[CorpusDocument]:
    """One corpus document per article that has at least one confirmed correction."""
    confirmed = correction_list()
    if article_ids is not None:
        confirmed = confirmed.filter(article_id__in=article_ids)
    ids = sorted(set(confirmed.values_list("article_id", flat=True)))
    articles = Article.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("start", "position")),
        Prefetch("corrections", queryset=confirmed, to_attr="confirmed_corrections"),
    )
    documents: list[CorpusDocument] = []
    for article in articles.order_by("pk"):
        claims: list[CorpusClaim] = []
        non_claims: list[str] = []
        for claim in article.claims.all():
            if claim.status == ClaimStatus.NOT_A_CLAIM:
                non_claims.append(claim.text)
            elif claim.status != ClaimStatus.SUPERSEDED:
                decided = claim.status in FINAL_STATUSES
                label = claim.status if decided else claim.suggested_status
                claims.append({"text": claim.text, "label": label, "decided": decided})
        documents.append(
            {
                "article": f"article-{article.pk}.txt",
                "article_id": article.pk,
                "title": article.title,
                "claims": claims,
                "non_claims": non_claims,
                "corrections": [
                    {
                        "kind": correction.kind,
                        "before": correction.before_text,
                        "after": correction.after_text,
                        "start": correction.start,
                        "end": correction.end,
                        "reason": correction.reason,
                        "by": correction.proposed_by.get_username(),
                        "at": correction.proposed_at.isoformat(),
                    }
                    for correction in article.confirmed_corrections
                ],
            }
        )
    return documents
