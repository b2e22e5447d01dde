"""Reads behind the editor's dashboard: every figure is a database aggregate.

The page costs a fixed number of queries whatever the row counts: one scan of the claims for
the status mix, backlog, ages and the backlog baseline; grouped queries for the daily series,
verdict mix and reviewer throughput; one self-join of the reviews, grouped twice, for the claim
agreement and the reviewer pairs' agreement; correlated counts for a dozen articles only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from reviews.db_functions import Median
from reviews.filters import day_end, day_start
from reviews.models import FINAL_STATUSES, Article, Claim, ClaimStatus, Report, ReportState, Review, Verdict
from reviews.roles import REVIEWER
from reviews.selectors.agreement import PairAgreement, agreement_summary

DEFAULT_WINDOW_DAYS = 30
MAX_WINDOW_DAYS = 366
ARTICLES_SHOWN = 12
REPORTS_SHOWN = 8
REVIEWERS_SHOWN = 25
PAIRS_SHOWN = 20
# Below this many shared claims a pair's kappa is noise: listed after the judged pairs, never flagged.
PAIR_MIN_SHARED = 10
# Kappa at or below this ("fair" or worse on Landis & Koch's scale) flags a pair for the standards editor.
PAIR_FLAG_KAPPA = 0.40
# Waiting-age buckets: (label, at least days, less than days or None).
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("< 1 day", 0, 1),
    ("1–3 days", 1, 3),
    ("3–7 days", 3, 7),
    ("7–30 days", 7, 30),
    ("30+ days", 30, None),
)
FINAL = [str(status) for status in FINAL_STATUSES]


@dataclass(frozen=True)
class DashboardFilters:
    """What the editor narrowed the page to. Empty means everything."""

    date_from: date | None = None
    date_to: date | None = None
    desk: str = ""
    article_id: int | None = None
    reviewer_id: int | None = None
    status: str = ""

    def window(self, *, today: date | None = None) -> tuple[date, date]:
        """The activity window (inclusive days): the chosen range, else the last 30 days."""
        today = today or timezone.localdate()
        end = self.date_to or today
        start = self.date_from or end - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
        if start > end:
            start, end = end, start
        return max(start, end - timedelta(days=MAX_WINDOW_DAYS - 1)), end


@dataclass(frozen=True)
class StatusMix:
    total: int
    reviewed: int
    pending: int
    disputed: int
    supported: int
    speculative: int
    needs_source: int
    # Statuses added by the review queue (issue #4): flagged "not a claim", confirmed not a claim, split.
    flagged: int = 0
    not_a_claim: int = 0
    superseded: int = 0
    # Removed or reworded by an article correction (issue #8).
    withdrawn: int = 0

    @property
    def final(self) -> int:
        return self.supported + self.speculative + self.needs_source

    def by_status(self) -> list[tuple[str, str, int]]:
        """(status value, label, count) in the order the page shows them."""
        return [(status.value, status.label, getattr(self, status.value)) for status in ClaimStatus]


@dataclass(frozen=True)
class AgeBucket:
    label: str
    min_days: int
    max_days: int | None
    count: int


@dataclass(frozen=True)
class Backlog:
    waiting: int
    oldest_waiting: datetime | None
    ages: list[AgeBucket]
    disputed: int
    oldest_disputed: datetime | None

    @property
    def oldest_waiting_days(self) -> float | None:
        if self.oldest_waiting is None:
            return None
        return (timezone.now() - self.oldest_waiting).total_seconds() / 86400


@dataclass(frozen=True)
class DayPoint:
    day: date
    open_claims: int
    created: int
    finalised: int
    reviews: dict[str, int]

    @property
    def review_total(self) -> int:
        return sum(self.reviews.values())


@dataclass(frozen=True)
class ReviewerThroughput:
    reviewer_id: int
    username: str
    reviews: int
    active_days: int
    median_seconds: float | None
    last_review: datetime | None

    @property
    def per_active_day(self) -> float:
        return self.reviews / self.active_days if self.active_days else 0.0


@dataclass(frozen=True)
class Agreement:
    multi_review_claims: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return self.agreed / self.multi_review_claims if self.multi_review_claims else None


@dataclass(frozen=True)
class PairRow:
    """One reviewer pair on the dashboard: their agreement, and whether an editor should look."""

    pair: PairAgreement
    judged: bool  # enough shared claims for kappa to mean something

    @property
    def flagged(self) -> bool:
        return self.judged and self.pair.kappa is not None and self.pair.kappa <= PAIR_FLAG_KAPPA


@dataclass(frozen=True)
class PairTable:
    rows: list[PairRow]
    total: int  # pairs in scope, before the cap
    flagged: int  # of which judged and at or below PAIR_FLAG_KAPPA
    min_shared: int = PAIR_MIN_SHARED


@dataclass(frozen=True)
class ArticleProgress:
    article_id: int
    title: str
    desk: str
    ingested_at: datetime
    total: int
    reviewed: int
    counts: dict[str, int]

    @property
    def final(self) -> int:
        return sum(self.counts.get(status, 0) for status in FINAL)


@dataclass(frozen=True)
class Dashboard:
    filters: DashboardFilters
    window_start: date
    window_end: date
    mix: StatusMix
    backlog: Backlog
    days: list[DayPoint]
    verdict_totals: dict[str, int]
    throughput: list[ReviewerThroughput]
    agreement: Agreement
    articles: list[ArticleProgress]
    reports: list[Report]
    pairs: PairTable = field(default_factory=lambda: PairTable(rows=[], total=0, flagged=0))
    desks: list[str] = field(default_factory=list)
    reviewers: list[tuple[int, str]] = field(default_factory=list)

    @property
    def review_total(self) -> int:
        return sum(self.verdict_totals.values())


def dashboard_claims(*, filters: DashboardFilters) -> QuerySet[Claim]:
    """The claims the figures count: narrowed by desk, article, status, reviewer and ingest date."""
    claims = Claim.objects.all()
    if filters.desk:
        claims = claims.filter(article__desk=filters.desk)
    if filters.article_id is not None:
        claims = claims.filter(article_id=filters.article_id)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.date_from:
        claims = claims.filter(created_at__gte=day_start(filters.date_from))
    if filters.date_to:
        claims = claims.filter(created_at__lt=day_end(filters.date_to))
    if filters.reviewer_id is not None:
        claims = claims.filter(Exists(Review.objects.filter(claim=OuterRef("pk"), reviewer_id=filters.reviewer_id)))
    return claims


def dashboard_reviews(*, filters: DashboardFilters, start: date, end: date) -> QuerySet[Review]:
    """The reviews made in the activity window, narrowed like the claims."""
    reviews = Review.objects.filter(created_at__gte=day_start(start), created_at__lt=day_end(end))
    if filters.desk:
        reviews = reviews.filter(claim__article__desk=filters.desk)
    if filters.article_id is not None:
        reviews = reviews.filter(claim__article_id=filters.article_id)
    if filters.status:
        reviews = reviews.filter(claim__status=filters.status)
    if filters.reviewer_id is not None:
        reviews = reviews.filter(reviewer_id=filters.reviewer_id)
    return reviews


def _mix_and_backlog(
    claims: QuerySet[Claim], *, window_start: datetime, now: datetime
) -> tuple[StatusMix, Backlog, int]:
    """One scan grouped by status: counts, backlog ages and how many claims were open when the window began."""
    aggregates: dict[str, Aggregate] = {
        "n": Count("*"),
        "reviewed": Count("created_at", filter=Q(review_count__gte=1)),
        "oldest_created": Min("created_at"),
        "oldest_updated": Min("updated_at"),
        "open_at_start": Count(
            "created_at",
            filter=Q(created_at__lt=window_start) & (Q(finalised_at__isnull=True) | Q(finalised_at__gte=window_start)),
        ),
    }
    for index, (_label, min_days, max_days) in enumerate(AGE_BUCKETS):
        condition = Q(created_at__lte=now - timedelta(days=min_days))
        if max_days is not None:
            condition &= Q(created_at__gt=now - timedelta(days=max_days))
        aggregates[f"age_{index}"] = Count("created_at", filter=condition)
    by_status = {row["status"]: row for row in claims.order_by().values("status").annotate(**aggregates)}

    def count(status: str, key: str = "n") -> int:
        return int(by_status.get(status, {}).get(key) or 0)

    mix = StatusMix(
        total=sum(row["n"] for row in by_status.values()),
        reviewed=sum(row["reviewed"] for row in by_status.values()),
        # One field per status: a status added to ClaimStatus only needs its field on StatusMix.
        **{status.value: count(status) for status in ClaimStatus if status.value in StatusMix.__dataclass_fields__},
    )
    backlog = Backlog(
        waiting=mix.pending,
        oldest_waiting=by_status.get(ClaimStatus.PENDING, {}).get("oldest_created"),
        ages=[
            AgeBucket(
                label=label, min_days=min_days, max_days=max_days, count=count(ClaimStatus.PENDING, f"age_{index}")
            )
            for index, (label, min_days, max_days) in enumerate(AGE_BUCKETS)
        ],
        disputed=mix.disputed,
        oldest_disputed=by_status.get(ClaimStatus.DISPUTED, {}).get("oldest_updated"),
    )
    return mix, backlog, sum(row["open_at_start"] for row in by_status.values())


def _per_day(claims: QuerySet[Claim], column: str, *, start: datetime, end: datetime) -> dict[date, int]:
    rows = (
        claims.filter(**{f"{column}__gte": start, f"{column}__lt": end})
        .annotate(day=TruncDate(column))
        .values("day")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def _pair_order(row: PairRow) -> tuple[object, ...]:
    """Judged pairs first, lowest kappa first (undefined kappa: both always said one thing, last); then by claims."""
    kappa = row.pair.kappa
    return (
        not row.judged,
        kappa is None if row.judged else False,
        (kappa or 0.0) if row.judged else 0.0,
        -row.pair.shared_claims,
        row.pair.reviewer_a,
        row.pair.reviewer_b,
    )


def _agreement(*, filters: DashboardFilters, start: date, end: date) -> tuple[Agreement, PairTable]:
    """Claim agreement and the reviewer pairs, from one self-join of the window's reviews.

    Claim review rounds with two or more reviews: how many had every reviewer agree. Reviewer pairs:
    the ones an editor should look at first. Narrowed like the other review figures, except that the
    reviewer filter keeps the pairs that reviewer is in and the rounds they reviewed (their own
    reviews alone would never make a pair).
    """
    reviews = dashboard_reviews(filters=replace(filters, reviewer_id=None), start=start, end=end)
    summary = agreement_summary(reviews, reviewer_id=filters.reviewer_id)
    rows = [PairRow(pair=pair, judged=pair.shared_claims >= PAIR_MIN_SHARED) for pair in summary.pairs]
    rows.sort(key=_pair_order)
    agreement = Agreement(multi_review_claims=summary.claims.claims, agreed=summary.claims.unanimous)
    pairs = PairTable(rows=rows[:PAIRS_SHOWN], total=len(rows), flagged=sum(1 for row in rows if row.flagged))
    return agreement, pairs


def _count_claims(**conditions: object) -> Coalesce:
    counted = (
        Claim.objects.filter(article_id=OuterRef("pk"), **conditions)
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _article_progress(*, filters: DashboardFilters) -> list[ArticleProgress]:
    """The newest articles in scope with their claim counts (correlated counts: only for the rows shown)."""
    articles = Article.objects.all()
    if filters.desk:
        articles = articles.filter(desk=filters.desk)
    if filters.article_id is not None:
        articles = articles.filter(pk=filters.article_id)
    if filters.date_from:
        articles = articles.filter(ingested_at__gte=day_start(filters.date_from))
    if filters.date_to:
        articles = articles.filter(ingested_at__lt=day_end(filters.date_to))
    if filters.status:
        articles = articles.filter(Exists(Claim.objects.filter(article_id=OuterRef("pk"), status=filters.status)))
    if filters.reviewer_id is not None:
        articles = articles.filter(
            Exists(Review.objects.filter(claim__article_id=OuterRef("pk"), reviewer_id=filters.reviewer_id))
        )
    rows = (
        articles.order_by("-ingested_at", "-id")
        .annotate(
            claims_total=_count_claims(),
            claims_reviewed=_count_claims(review_count__gte=1),
            **{f"claims_{status.value}": _count_claims(status=status) for status in ClaimStatus},
        )
        .values(
            "pk",
            "title",
            "desk",
            "ingested_at",
            "claims_total",
            "claims_reviewed",
            *[f"claims_{status.value}" for status in ClaimStatus],
        )[:ARTICLES_SHOWN]
    )
    return [
        ArticleProgress(
            article_id=row["pk"],
            title=row["title"],
            desk=row["desk"],
            ingested_at=row["ingested_at"],
            total=row["claims_total"],
            reviewed=row["claims_reviewed"],
            counts={status.value: row[f"claims_{status.value}"] for status in ClaimStatus},
        )
        for row in rows
    ]


def _throughput(reviews: QuerySet[Review]) -> list[ReviewerThroughput]:
    """Reviews per reviewer in the window (grouped on the review index alone; names fetched for the rows shown)."""
    rows = list(
        reviews.order_by()
        .values("reviewer_id")
        .annotate(
            n=Count("*"),
            active_days=Count(TruncDate("created_at"), distinct=True),
            median_seconds=Median("seconds_spent"),
            last_review=Max("created_at"),
        )
        .order_by("-n", "reviewer_id")[:REVIEWERS_SHOWN]
    )
    names = dict(
        get_user_model().objects.filter(pk__in=[row["reviewer_id"] for row in rows]).values_list("pk", "username")
    )
    return [
        ReviewerThroughput(
            reviewer_id=row["reviewer_id"],
            username=names.get(row["reviewer_id"], str(row["reviewer_id"])),
            reviews=row["n"],
            active_days=row["active_days"],
            median_seconds=row["median_seconds"],
            last_review=row["last_review"],
        )
        for row in rows
    ]


def _verdicts_per_day(reviews: QuerySet[Review]) -> dict[date, dict[str, int]]:
    rows = reviews.annotate(day=TruncDate("created_at")).values("day", "verdict").annotate(n=Count("*")).order_by()
    per_day: dict[date, dict[str, int]] = {}
    for row in rows:  # at most (days in window x 3 verdicts) rows
        per_day.setdefault(row["day"], {})[row["verdict"]] = row["n"]
    return per_day


def dashboard_recent_reports(*, filters: DashboardFilters) -> QuerySet[Report]:
    reports = Report.objects.filter(state=ReportState.DONE).select_related("article", "requested_by")
    if filters.desk:
        reports = reports.filter(article__desk=filters.desk)
    if filters.article_id is not None:
        reports = reports.filter(article_id=filters.article_id)
    return reports.order_by("-finished_at", "-id")


def dashboard_desks() -> list[str]:
    return list(Article.objects.exclude(desk="").order_by("desk").values_list("desk", flat=True).distinct())


def dashboard_reviewers() -> list[tuple[int, str]]:
    users = get_user_model().objects.filter(groups__name=REVIEWER).order_by("username")
    return [(pk, name) for pk, name in users.values_list("pk", "username")]


def dashboard_get(*, filters: DashboardFilters, now: datetime | None = None, choices: bool = True) -> Dashboard:
    """Every figure on the editor's dashboard, in a fixed number of queries (11, or 9 without ``choices``)."""
    now = now or timezone.now()
    start, end = filters.window(today=timezone.localdate(now))
    window_start, window_end = day_start(start), day_end(end)
    claims = dashboard_claims(filters=filters)
    reviews = dashboard_reviews(filters=filters, start=start, end=end)

    mix, backlog, open_at_start = _mix_and_backlog(claims, window_start=window_start, now=now)
    created = _per_day(claims, "created_at", start=window_start, end=window_end)
    finalised = _per_day(claims, "finalised_at", start=window_start, end=window_end)
    verdicts = _verdicts_per_day(reviews)
    days: list[DayPoint] = []
    open_claims = open_at_start
    for offset in range((end - start).days + 1):  # one point per day of the window, never per row
        day = start + timedelta(days=offset)
        open_claims += created.get(day, 0) - finalised.get(day, 0)
        days.append(
            DayPoint(
                day=day,
                open_claims=open_claims,
                created=created.get(day, 0),
                finalised=finalised.get(day, 0),
                reviews=verdicts.get(day, {}),
            )
        )
    agreement, pairs = _agreement(filters=filters, start=start, end=end)
    verdict_totals = {verdict.value: sum(point.reviews.get(verdict.value, 0) for point in days) for verdict in Verdict}
    return Dashboard(
        filters=filters,
        window_start=start,
        window_end=end,
        mix=mix,
        backlog=backlog,
        days=days,
        verdict_totals=verdict_totals,
        throughput=_throughput(reviews),
        agreement=agreement,
        pairs=pairs,
        articles=_article_progress(filters=filters),
        reports=list(dashboard_recent_reports(filters=filters)[:REPORTS_SHOWN]),
        desks=dashboard_desks() if choices else [],
        reviewers=dashboard_reviewers() if choices else [],
    )
