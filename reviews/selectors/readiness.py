"""Is an article ready for publication? "N of M claims unresolved", for every page that shows an article.

Use ``article_readiness(article)`` for one article, or ``readiness_annotate(queryset)`` on an
``Article`` queryset (adds ``claim_total`` and ``claim_unresolved`` in the same query) and then
``article_readiness(article)`` reads those annotations without another query. Rows that are no
(longer) claims -- withdrawn by a correction, judged not a claim, superseded by a split -- count
for nothing; pending, disputed and flagged claims are unresolved.

No article is ready without a human decision on its text: an article in triage (not detected as
English, no claims) counts as one unresolved item until an editor confirms "nothing to check" or
adds claims; an article under review is ready only when nothing is unresolved *and* at least one
claim was decided (a final status, or confirmed not a claim). "0 of 0" is never ready by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from reviews.models import FINAL_STATUSES, UNCOUNTED_STATUSES, UNRESOLVED_STATUSES, Article, ArticleState, ClaimStatus

# Statuses that record a human decision on a sentence of the article.
DECIDED_STATUSES = frozenset({*FINAL_STATUSES, ClaimStatus.NOT_A_CLAIM})


@dataclass(frozen=True)
class Readiness:
    total: int
    unresolved: int
    decided: int = 0
    state: str = ArticleState.REVIEW
    language: str = ""

    @property
    def in_triage(self) -> bool:
        return self.state == ArticleState.TRIAGE

    @property
    def resolved(self) -> int:
        return self.items - self.unresolved_items

    @property
    def waiting(self) -> bool:
        """In triage, or its claims still being extracted (or failed to be): one open item, no claims yet."""
        return self.state in (ArticleState.TRIAGE, ArticleState.EXTRACTING, ArticleState.FAILED)

    @property
    def items(self) -> int:
        """Claims that count, or the one open item (triage decision, extraction) while the article waits."""
        return 1 if self.waiting else self.total

    @property
    def unresolved_items(self) -> int:
        return 1 if self.waiting else self.unresolved

    @property
    def ready(self) -> bool:
        """A human decided: every claim is final (at least one decided), or an editor confirmed nothing to check."""
        if self.state == ArticleState.NOTHING_TO_CHECK:
            return self.unresolved == 0
        if self.state != ArticleState.REVIEW:
            return False
        return self.unresolved == 0 and self.decided > 0

    @property
    def label(self) -> str:
        if self.in_triage:
            language = f" ({self.language})" if self.language else ""
            return f"1 of 1 item unresolved: triage, not English{language}"
        if self.state == ArticleState.EXTRACTING:
            return "1 of 1 item unresolved: claims being extracted"
        if self.state == ArticleState.FAILED:
            return "1 of 1 item unresolved: extraction failed"
        if self.state == ArticleState.REFUSED:
            return "refused: no check-worthy claims (nothing to review)"
        if self.state == ArticleState.NOTHING_TO_CHECK and self.total == 0:
            return "0 of 0 claims unresolved: an editor confirmed nothing to check"
        noun = "claim" if self.total == 1 else "claims"
        label = f"{self.unresolved} of {self.total} {noun} unresolved"
        if self.unresolved == 0 and self.decided == 0 and self.state == ArticleState.REVIEW:
            label += ": no claim decided yet"
        return label


def readiness_annotate(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.annotate(
        claim_total=Count("claims", filter=~Q(claims__status__in=list(UNCOUNTED_STATUSES)), distinct=True),
        claim_unresolved=Count("claims", filter=Q(claims__status__in=list(UNRESOLVED_STATUSES)), distinct=True),
        claim_decided=Count("claims", filter=Q(claims__status__in=list(DECIDED_STATUSES)), distinct=True),
    )


def _readiness(article: Article, *, total: int, unresolved: int, decided: int) -> Readiness:
    return Readiness(
        total=total, unresolved=unresolved, decided=decided, state=article.state, language=article.language
    )


def article_readiness(article: Article) -> Readiness:
    """Readiness from the annotations when present, else from the prefetched claims, else one query."""
    total = getattr(article, "claim_total", None)
    unresolved = getattr(article, "claim_unresolved", None)
    decided = getattr(article, "claim_decided", None)
    if total is not None and unresolved is not None and decided is not None:
        return _readiness(article, total=total, unresolved=unresolved, decided=decided)
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get("claims")
    if prefetched is not None:
        statuses = [claim.status for claim in prefetched]
    else:
        statuses = list(article.claims.values_list("status", flat=True))
    counted = [status for status in statuses if status not in UNCOUNTED_STATUSES]
    return _readiness(
        article,
        total=len(counted),
        unresolved=sum(1 for status in counted if status in UNRESOLVED_STATUSES),
        decided=sum(1 for status in statuses if status in DECIDED_STATUSES),
    )


def readiness_by_article(*, article_ids: list[int]) -> dict[int, Readiness]:
    """Readiness of several articles in one query (for lists of claims from different articles)."""
    if not article_ids:
        return {}
    rows = readiness_annotate(Article.objects.filter(pk__in=set(article_ids))).values_list(
        "pk", "claim_total", "claim_unresolved", "claim_decided", "state", "language"
    )
    return {
        pk: Readiness(total=total, unresolved=unresolved, decided=decided, state=state, language=language)
        for pk, total, unresolved, decided, state, language in rows
    }
