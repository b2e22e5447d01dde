"""Is an article ready for publication? "N of M claims unresolved", for every page that shows an article.

Use ``article_readiness(article)`` for one article, or ``readiness_annotate(queryset)`` on an
``Article`` queryset (adds ``claim_total`` and ``claim_unresolved`` in the same query) and then
``article_readiness(article)`` reads those annotations without another query. Rows that are no
(longer) claims -- withdrawn by a correction, judged not a claim, superseded by a split -- count
for nothing; pending, disputed and flagged claims are unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from reviews.models import UNCOUNTED_STATUSES, UNRESOLVED_STATUSES, Article


@dataclass(frozen=True)
class Readiness:
    total: int
    unresolved: int

    @property
    def resolved(self) -> int:
        return self.total - self.unresolved

    @property
    def ready(self) -> bool:
        """Every claim has a final status (an article without claims is trivially ready)."""
        return self.unresolved == 0

    @property
    def label(self) -> str:
        noun = "claim" if self.total == 1 else "claims"
        return f"{self.unresolved} of {self.total} {noun} unresolved"


def readiness_annotate(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.annotate(
        claim_total=Count("claims", filter=~Q(claims__status__in=list(UNCOUNTED_STATUSES)), distinct=True),
        claim_unresolved=Count("claims", filter=Q(claims__status__in=list(UNRESOLVED_STATUSES)), distinct=True),
    )


def article_readiness(article: Article) -> Readiness:
    """Readiness from the annotations when present, else from the prefetched claims, else one query."""
    total = getattr(article, "claim_total", None)
    unresolved = getattr(article, "claim_unresolved", None)
    if total is not None and unresolved is not None:
        return Readiness(total=total, unresolved=unresolved)
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get("claims")
    if prefetched is not None:
        statuses = [claim.status for claim in prefetched]
    else:
        statuses = list(article.claims.values_list("status", flat=True))
    counted = [status for status in statuses if status not in UNCOUNTED_STATUSES]
    return Readiness(total=len(counted), unresolved=sum(1 for status in counted if status in UNRESOLVED_STATUSES))


def readiness_by_article(*, article_ids: list[int]) -> dict[int, Readiness]:
    """Readiness of several articles in one query (for lists of claims from different articles)."""
    if not article_ids:
        return {}
    rows = readiness_annotate(Article.objects.filter(pk__in=set(article_ids))).values_list(
        "pk", "claim_total", "claim_unresolved"
    )
    return {pk: Readiness(total=total, unresolved=unresolved) for pk, total, unresolved in rows}
