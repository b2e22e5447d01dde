"""Reads behind the review reports: which claims a report covers, fetched in chunks, and its totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from reviews.models import (
    Article,
    Claim,
    Report,
    ReportScope,
    Review,
)

CHUNK_SIZE = 500
DATE_FIELDS = ("ingested", "reviewed", "any")


@dataclass(frozen=True)
class ReportFilters:
    """What a batch or digest report covers. Dates are inclusive, in the newsroom's time zone."""

    since: date | None = None
    until: date | None = None
    date_field: str = "ingested"
    statuses: tuple[str, ...] = ()
    desk: str = ""
    reviewer: str = ""

    @classmethod
    def from_parameters(cls, parameters: dict[str, object]) -> ReportFilters:
        def as_date(value: object) -> date | None:
            return date.fromisoformat(str(value)) if value else None

        statuses = parameters.get("statuses") or ()
        return cls(
            since=as_date(parameters.get("since")),
            until=as_date(parameters.get("until")),
            date_field=str(parameters.get("date_field") or "ingested"),
            statuses=tuple(str(s) for s in statuses) if isinstance(statuses, list | tuple) else (),
            desk=str(parameters.get("desk") or ""),
            reviewer=str(parameters.get("reviewer") or ""),
        )

    def describe(self) -> str:
        """In words, dates as people write them: "articles ingested from 1 March 2026 to 5 March 2026"."""
        from reviews.selectors.report_document import day, status_words

        verb = {"ingested": "ingested", "reviewed": "reviewed", "any": "ingested or reviewed"}[self.date_field]
        if self.since and self.until and self.since == self.until:
            dates = f"on {day(self.since)}"
        else:
            dates = " ".join(
                part
                for part in (
                    f"from {day(self.since)}" if self.since else "",
                    f"to {day(self.until)}" if self.until else "",
                )
                if part
            )
        parts = [f"articles {verb} {dates}"]
        if self.statuses:
            parts.append("claims " + ", ".join(status_words(s).lower() for s in self.statuses))
        if self.desk:
            parts.append(f"desk {self.desk}")
        if self.reviewer:
            parts.append(f"reviewed by {self.reviewer}")
        return "; ".join(parts)


def report_article_queryset(*, report: Report) -> QuerySet[Article]:
    """The articles a report covers (not evaluated: use it as a subquery or iterate it)."""
    if report.scope == ReportScope.ARTICLE:
        return Article.objects.filter(pk=report.article_id)
    filters = ReportFilters.from_parameters(report.parameters)
    articles = Article.objects.all()
    ingested = Q()
    reviewed = Q()
    if filters.since:
        ingested &= Q(ingested_at__date__gte=filters.since)
        reviewed &= Q(created_at__date__gte=filters.since)
    if filters.until:
        ingested &= Q(ingested_at__date__lte=filters.until)
        reviewed &= Q(created_at__date__lte=filters.until)
    reviewed_in_range = Exists(Review.objects.filter(reviewed, claim__article_id=OuterRef("pk")))
    if filters.date_field == "reviewed":
        articles = articles.filter(reviewed_in_range)
    elif filters.date_field == "any":
        articles = articles.filter(ingested | reviewed_in_range)
    else:
        articles = articles.filter(ingested)
    if filters.desk:
        articles = articles.filter(desk__iexact=filters.desk)
    return articles.order_by("pk")


def report_claim_queryset(*, report: Report) -> QuerySet[Claim]:
    """The claims a report covers: those of its articles, narrowed by status and reviewer."""
    if report.scope == ReportScope.ARTICLE:
        return Claim.objects.filter(article_id=report.article_id)
    claims = Claim.objects.filter(article__in=report_article_queryset(report=report).values("pk"))
    filters = ReportFilters.from_parameters(report.parameters)
    if filters.statuses:
        claims = claims.filter(status__in=filters.statuses)
    if filters.reviewer:
        by_reviewer = Review.objects.filter(claim_id=OuterRef("pk"), reviewer__username=filters.reviewer)
        claims = claims.filter(Exists(by_reviewer))
    return claims


def report_fingerprint(*, claims: QuerySet[Claim]) -> str:
    """What the claims looked like: counts and latest changes of claims and their reviews.

    Status changes save the claim (``updated_at``); verdicts add reviews. A report compiled with one
    fingerprint is stale once the claims it covers have another.
    """
    claim_facts = claims.order_by().aggregate(n=Count("pk"), last=Max("updated_at"))
    review_facts = Review.objects.filter(claim__in=claims.values("pk")).aggregate(n=Count("pk"), last=Max("updated_at"))
    parts = [
        claim_facts["n"],
        claim_facts["last"].isoformat() if claim_facts["last"] else "",
        review_facts["n"],
        review_facts["last"].isoformat() if review_facts["last"] else "",
    ]
    return "|".join(str(part) for part in parts)


def report_is_stale(*, report: Report) -> bool:
    """True when the claims of a compiled report changed after it was compiled."""
    if not report.fingerprint:
        return False
    return report_fingerprint(claims=report_claim_queryset(report=report)) != report.fingerprint


def report_list() -> QuerySet[Report]:
    return Report.objects.select_related("article", "requested_by").order_by("-requested_at", "-id")


@dataclass(frozen=True)
class ReportRow:
    report: Report
    description: str
    stale: bool


def report_describe(*, report: Report) -> str:
    if report.scope == ReportScope.ARTICLE:
        title = report.article.title if report.article else "(deleted)"
        return f"Article #{report.article_id}: {title}"
    label = "Daily digest" if report.scope == ReportScope.DIGEST else "Batch"
    return f"{label}: {ReportFilters.from_parameters(report.parameters).describe()}"


def report_rows(*, reports: list[Report], check_stale: bool = True) -> list[ReportRow]:
    """Reports for a page, each with whether it is stale (two aggregate queries per finished report)."""
    return [
        ReportRow(
            report=report,
            description=report_describe(report=report),
            stale=check_stale and report.state == "done" and report_is_stale(report=report),
        )
        for report in reports
    ]


def report_chunk_size() -> int:
    return int(settings.REPORT_CHUNK_SIZE)
