"""Reads behind the review reports: which claims a report covers, fetched in chunks, and its totals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse

from reviews.models import (
    FINAL_STATUSES,
    Article,
    AuditEvent,
    Claim,
    ClaimMatch,
    ClaimStatus,
    EvidenceLink,
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
        verb = {"ingested": "ingested", "reviewed": "reviewed", "any": "ingested or reviewed"}[self.date_field]
        parts = [f"articles {verb} {self.since or '…'} to {self.until or '…'}"]
        if self.statuses:
            parts.append("status " + ", ".join(self.statuses))
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


def _adjudication_events() -> QuerySet[AuditEvent]:
    """Audit events that settle or record a disagreement, whatever service writes them."""
    return (
        AuditEvent.objects.filter(
            Q(action__icontains="adjudic") | Q(before=ClaimStatus.DISPUTED) | Q(after=ClaimStatus.DISPUTED)
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


CLAIM_FIELDS = (
    "id",
    "article_id",
    "position",
    "text",
    "start",
    "end",
    "score",
    "suggested_status",
    "status",
    "finalised_at",
    "updated_at",
    "rereview_on",
)
ARTICLE_FIELDS = ("id", "title", "source_url", "desk", "ingested_at", "cleaned_text")


def report_claim_rows(*, claims: QuerySet[Claim], chunk_size: int = CHUNK_SIZE) -> Iterator[list[dict[str, object]]]:
    """The claims as plain rows, one chunk at a time: each with its ``article``, ``reviews`` (each with
    ``evidence``) and ``adjudication`` events. Four queries a chunk and no model instances, which is
    several times faster than prefetching objects at 10,000 claims."""
    articles: dict[int, dict[str, object]] = {}
    chunk: list[dict[str, object]] = []
    rows = claims.order_by("article_id", "position").values(*CLAIM_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) == chunk_size:
            yield _complete(chunk, articles)
            chunk = []
    if chunk:
        yield _complete(chunk, articles)


def _complete(chunk: list[dict[str, object]], articles: dict[int, dict[str, object]]) -> list[dict[str, object]]:
    wanted = {row["article_id"] for row in chunk}
    for stale in set(articles) - wanted:  # keep only this chunk's articles in memory
        del articles[stale]
    missing = wanted - set(articles)
    if missing:
        for article in Article.objects.filter(pk__in=missing).values(*ARTICLE_FIELDS):
            articles[article["id"]] = article
    ids = [row["id"] for row in chunk]
    reviews: dict[int, list[dict[str, object]]] = {claim_id: [] for claim_id in ids}
    by_id: dict[int, dict[str, object]] = {}
    review_rows = (
        Review.objects.filter(claim_id__in=ids)
        .order_by("created_at", "pk")
        .values(
            "id",
            "claim_id",
            "reviewer__username",
            "verdict",
            "note",
            "missing_source_kinds",
            "missing_source_note",
            "created_at",
        )
    )
    for review in review_rows:
        review["evidence"] = []
        reviews[review["claim_id"]].append(review)
        by_id[review["id"]] = review
    if by_id:
        links = EvidenceLink.objects.filter(review_id__in=list(by_id)).order_by("pk")
        for link in links.values("review_id", "url", "title", "cited_at"):
            by_id[link["review_id"]]["evidence"].append(link)  # type: ignore[attr-defined]
    events: dict[int, list[dict[str, object]]] = {claim_id: [] for claim_id in ids}
    for event in (
        _adjudication_events()
        .filter(claim_id__in=ids)
        .values("claim_id", "at", "actor__username", "action", "before", "after", "reason")
    ):
        events[event["claim_id"]].append(event)
    for row in chunk:
        row["article"] = articles[row["article_id"]]
        row["reviews"] = reviews[row["id"]]
        row["adjudication"] = events[row["id"]]
    return chunk


def report_totals(*, claims: QuerySet[Claim]) -> dict[str, int]:
    rows = claims.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class ReportSummary:
    totals: dict[str, int]
    total: int
    reviewed: int
    finalised: int
    disputed: int
    adjudicated: int

    @property
    def share_reviewed(self) -> float:
        return round(self.reviewed / self.total, 4) if self.total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "totals": self.totals,
            "claims": self.total,
            "reviewed": self.reviewed,
            "share_reviewed": self.share_reviewed,
            "finalised": self.finalised,
            "disputed": self.disputed,
            "adjudicated": self.adjudicated,
        }


def report_summary(*, claims: QuerySet[Claim]) -> ReportSummary:
    """Totals by status, how many were reviewed (no longer pending), and the disagreements."""
    totals = report_totals(claims=claims)
    total = sum(totals.values())
    settled = _adjudication_events().filter(claim__in=claims.values("pk"), before=ClaimStatus.DISPUTED)
    adjudicated = settled.values("claim").distinct()
    return ReportSummary(
        totals=dict(sorted(totals.items())),
        total=total,
        reviewed=total - totals.get(ClaimStatus.PENDING, 0),
        finalised=sum(n for status, n in totals.items() if status in FINAL_STATUSES),
        disputed=totals.get(ClaimStatus.DISPUTED, 0),
        adjudicated=adjudicated.count(),
    )


def report_disagreement_claims(*, claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims that are disputed now or ever were (their adjudication is in the audit trail)."""
    ever_disputed = _adjudication_events().filter(claim_id=OuterRef("pk"))
    return claims.filter(Q(status=ClaimStatus.DISPUTED) | Exists(ever_disputed))


def report_precedents(*, claim_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """Decided earlier claims each claim was matched to (``ClaimMatch``), keyed by claim id; one query.

    Only decided claims count as precedents, as on the reviewer page: a final verdict or a confirmed
    "not a claim". Best match first.
    """
    decided = [*FINAL_STATUSES, ClaimStatus.NOT_A_CLAIM]
    rows = (
        ClaimMatch.objects.filter(claim_id__in=claim_ids, matched_claim__status__in=decided)
        .order_by("claim_id", "-similarity", "matched_claim_id")
        .values(
            "claim_id",
            "matched_claim_id",
            "matched_claim__status",
            "matched_claim__text",
            "matched_claim__article_id",
            "matched_claim__article__title",
            "similarity",
        )
    )
    base = settings.NEWSROOM_URL.rstrip("/")
    precedents: dict[int, list[dict[str, object]]] = {}
    for row in rows:
        precedents.setdefault(row["claim_id"], []).append(
            {
                "claim_id": row["matched_claim_id"],
                "status": row["matched_claim__status"],
                "text": row["matched_claim__text"],
                "article_id": row["matched_claim__article_id"],
                "article_title": row["matched_claim__article__title"],
                "similarity": round(row["similarity"], 3),
                "url": base + reverse("editor-claim", args=[row["matched_claim_id"]]),
            }
        )
    return precedents


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
