"""Reads behind the editor's dashboard: every figure is a database aggregate.

The page costs a fixed number of queries whatever the row counts. On PostgreSQL, unless the page is
narrowed to one article or one reviewer (a handful of rows: counted directly), the counts come from
the rollups the triggers keep (``reviews/db_rollups.py``): the claim tally (status mix, reviewed,
created and finalised per day, the backlog baseline), the review tally (verdicts per day, reviews
and active days per reviewer) and the review pairs (claim and pair agreement), each read with its
deltas not yet folded, so the figures are exact, never stale. A few figures are read from the rows,
bounded, in one statement: the backlog ages (the pending claims of the shorter part of at most five
days, one index range each) and the oldest waiting and disputed claims (the first in index order);
each reviewer's last review is read walking back from their last day, and their median seconds
come from the seconds histogram. Without rollups (SQLite, those filters): one scan of the claims
for the status mix, backlog, ages and the backlog baseline; grouped queries for the daily series,
verdict mix and reviewer throughput; one self-join of the reviews, grouped twice, for the
agreement figures.
Correlated counts for a dozen articles only, either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from reviews.db_functions import Median
from reviews.db_rollups import unpack_seconds
from reviews.filters import day_end, day_start
from reviews.models import FINAL_STATUSES, Article, Claim, ClaimStatus, Report, ReportState, Review, Verdict
from reviews.roles import REVIEWER
from reviews.selectors.agreement import AgreementSummary, PairAgreement, agreement_summary, agreement_summary_from_pairs

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
    return _agreement_tables_shown(agreement_summary(reviews, reviewer_id=filters.reviewer_id))


def _agreement_tables_shown(summary: AgreementSummary) -> tuple[Agreement, PairTable]:
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
    """The desks articles name, in order. On PostgreSQL a skip scan of the desk index: one index probe
    per desk, where DISTINCT reads every article (about 12 ms at 100,000 articles)."""
    if connection.vendor != "postgresql":
        return list(Article.objects.exclude(desk="").order_by("desk").values_list("desk", flat=True).distinct())
    table, column = Article._meta.db_table, Article._meta.get_field("desk").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE found (desk) AS (
                (SELECT {column} FROM {table} WHERE {column} > '' ORDER BY {column} LIMIT 1)
                UNION ALL
                SELECT (SELECT {column} FROM {table} WHERE {column} > found.desk ORDER BY {column} LIMIT 1)
                FROM found WHERE found.desk IS NOT NULL
            )
            SELECT desk FROM found WHERE desk IS NOT NULL"""  # noqa: S608 - identifiers from the model
        )
        return [desk for (desk,) in cursor.fetchall()]


def dashboard_reviewers() -> list[tuple[int, str]]:
    users = get_user_model().objects.filter(groups__name=REVIEWER).order_by("username")
    return [(pk, name) for pk, name in users.values_list("pk", "username")]


# --- rollups (PostgreSQL) ---------------------------------------------------------------------------

_ROLLUPS_READY: dict[tuple[str, str], bool] = {}


def dashboard_rollups_ready() -> bool:
    """Whether the rollup triggers are installed, enabled and count days in the configured zone.

    Checked once per process and database (the answer only changes with a migration or
    ``manage.py rollups --repair``, after which processes restart).
    """
    if connection.vendor != "postgresql":
        return False
    key = (str(connection.settings_dict["NAME"]), settings.TIME_ZONE)
    if key not in _ROLLUPS_READY:
        from reviews.db_rollups import installed_time_zone

        _ROLLUPS_READY[key] = installed_time_zone() == settings.TIME_ZONE
    return _ROLLUPS_READY[key]


def _tally_rows(
    table: str, columns: str, where: list[tuple[str, object]], *, n: str = "n", as_type: str = "bigint"
) -> list[tuple[object, ...]]:
    """``table``'s rows summed with its unfolded deltas, grouped by ``columns`` (zero sums left out)."""
    conditions = " AND ".join(condition for condition, _ in where) or "TRUE"
    params = [value for _, value in where]
    sql = f"""
        SELECT {columns}, SUM({n})::{as_type} FROM (
            SELECT {columns}, {n} FROM {table} WHERE {conditions}
            UNION ALL SELECT {columns}, {n} FROM {table}delta WHERE {conditions}
        ) t GROUP BY {columns} HAVING SUM({n}) <> 0"""  # noqa: S608 - fixed identifiers, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        return list(cursor.fetchall())


@dataclass(frozen=True)
class _ClaimReads:
    counts: list[int]
    oldest_waiting: datetime | None
    oldest_disputed: datetime | None


def _claim_reads(
    *, counts: list[QuerySet[Claim]], oldest_waiting: QuerySet[Claim] | None, oldest_disputed: QuerySet[Claim] | None
) -> _ClaimReads:
    """How many claims each of ``counts`` holds and the oldest waiting and disputed claim, in one statement.

    Each part is its own scalar subquery, so PostgreSQL reads each range from the index that fits
    (one aggregate with a FILTER per range and the ranges OR-ed read every pending claim). The oldest
    ones are read in index order and cut at one row: the first in scope ends the walk (a MIN()
    over the join to the articles, for a desk, would read them all).
    """
    selects: list[str] = []
    params: list[object] = []

    def add(queryset: QuerySet[Claim], template: str) -> None:
        sql, part_params = queryset.query.sql_with_params()
        selects.append(template.format(sql=sql))
        params.extend(part_params)

    for queryset in counts:
        add(queryset.order_by().values("created_at"), "(SELECT COUNT(*) FROM ({sql}) AS part)")
    # Ordered and cut at one row: PostgreSQL walks claim_status_created_idx (waiting) or the partial
    # index of disputed claims (claim_disputed_updated_idx) and stops at the first in scope.
    if oldest_waiting is not None:
        add(oldest_waiting.order_by("created_at").values("created_at")[:1], "({sql})")
    if oldest_disputed is not None:
        add(oldest_disputed.order_by("updated_at").values("updated_at")[:1], "({sql})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        row = list(cursor.fetchone())
    found = row[: len(counts)]
    rest = row[len(counts) :]
    waiting = rest.pop(0) if oldest_waiting is not None else None
    disputed = rest.pop(0) if oldest_disputed is not None else None
    return _ClaimReads(counts=[int(n) for n in found], oldest_waiting=waiting, oldest_disputed=disputed)


def _claims_from_rollups(
    filters: DashboardFilters, claims: QuerySet[Claim], *, start: date, end: date, now: datetime
) -> tuple[StatusMix, Backlog, int, dict[date, int], dict[date, int]]:
    """Status mix, backlog, baseline and the daily series from the claim tally (+ two bounded row reads)."""
    where: list[tuple[str, object]] = []
    if filters.desk:
        where.append(("desk = %s", filters.desk))
    if filters.status:
        where.append(("status = %s", filters.status))
    if filters.date_from:
        where.append(("created_day >= %s", filters.date_from))
    if filters.date_to:
        where.append(("created_day <= %s", filters.date_to))
    rows = _tally_rows("reviews_claimtally", "status, created_day, finalised_day, reviewed", where)
    counts: dict[str, int] = {}
    reviewed = open_at_start = 0
    created: dict[date, int] = {}
    finalised: dict[date, int] = {}
    pending_by_day: dict[date, int] = {}
    for status, created_day, finalised_day, was_reviewed, n in rows:
        counts[status] = counts.get(status, 0) + n
        reviewed += n if was_reviewed else 0
        if created_day < start and (finalised_day is None or finalised_day >= start):
            open_at_start += n
        if start <= created_day <= end:
            created[created_day] = created.get(created_day, 0) + n
        if finalised_day is not None and start <= finalised_day <= end:
            finalised[finalised_day] = finalised.get(finalised_day, 0) + n
        if status == ClaimStatus.PENDING:
            pending_by_day[created_day] = pending_by_day.get(created_day, 0) + n
    mix = StatusMix(
        total=sum(counts.values()),
        reviewed=reviewed,
        **{
            status.value: counts.get(status.value, 0)
            for status in ClaimStatus
            if status.value in StatusMix.__dataclass_fields__
        },
    )
    # Ages: pending claims created at or before t = the tally's days up to t's day, less that day's
    # claims created after t, or the days before t's day plus that day's claims up to t: whichever
    # part of the day is shorter is read from the rows (claim_status_created_idx, index only).
    boundaries = sorted(
        {now - timedelta(days=days) for _, low, high in AGE_BUCKETS for days in (low, high) if days is not None}
    )
    pending = claims.filter(status=ClaimStatus.PENDING)
    parts: list[QuerySet[Claim]] = []
    signs: list[tuple[int, int]] = []  # (whole days counted from the tally: before (0) or up to (1) t's day, sign)
    for moment in boundaries:
        day = timezone.localdate(moment)
        if moment - day_start(day) <= day_end(day) - moment:
            parts.append(pending.filter(created_at__gte=day_start(day), created_at__lte=moment))
            signs.append((0, 1))
        else:
            parts.append(pending.filter(created_at__gt=moment, created_at__lt=day_end(day)))
            signs.append((1, -1))
    read = _claim_reads(
        counts=parts,
        oldest_waiting=pending if mix.pending else None,
        oldest_disputed=claims.filter(status=ClaimStatus.DISPUTED) if mix.disputed else None,
    )

    def pending_upto(moment: datetime) -> int:
        index = boundaries.index(moment)
        day = timezone.localdate(moment)
        whole_days, sign = signs[index]
        tallied = sum(
            n for created_day, n in pending_by_day.items() if created_day < day or (whole_days and created_day == day)
        )
        return tallied + sign * read.counts[index]

    ages = []
    for label, min_days, max_days in AGE_BUCKETS:
        count = pending_upto(now - timedelta(days=min_days))
        if max_days is not None:
            count -= pending_upto(now - timedelta(days=max_days))
        ages.append(AgeBucket(label=label, min_days=min_days, max_days=max_days, count=count))
    backlog = Backlog(
        waiting=mix.pending,
        oldest_waiting=read.oldest_waiting,
        ages=ages,
        disputed=mix.disputed,
        oldest_disputed=read.oldest_disputed,
    )
    return mix, backlog, open_at_start, created, finalised


def _median(counts: list[tuple[int, int]]) -> float | None:
    """PERCENTILE_CONT(0.5) of the values a histogram [(value, how many)] holds (sorted by value)."""
    total = sum(n for _, n in counts)
    if total <= 0:
        return None
    position = 0.5 * (total - 1)
    low_index, high_index = int(position), int(position) + (position > int(position))
    low = high = None
    seen = 0
    for value, n in counts:
        if low is None and seen + n > low_index:
            low = value
        if seen + n > high_index:
            high = value
            break
        seen += n
    assert low is not None and high is not None
    return float(low + (high - low) * (position - int(position)))


def _medians_from_rollups(
    filters: DashboardFilters, reviewer_ids: list[int], *, start: date, end: date
) -> dict[int, float | None]:
    """Each reviewer's median seconds per review in the window, from the seconds histogram (exact)."""
    if not reviewer_ids:
        return {}
    where: list[tuple[str, object]] = [
        ("day >= %s", start),
        ("day <= %s", end),
        ("reviewer_id = ANY(%s)", reviewer_ids),
    ]
    if filters.desk:
        where.append(("desk = %s", filters.desk))
    histograms: dict[int, list[tuple[int, int]]] = {}
    # One packed histogram per reviewer and span (summed over the days and desks by the database).
    rows = _tally_rows("reviews_reviewseconds", "reviewer_id, span", where, n="counts", as_type="text")
    for reviewer_id, span, packed in sorted(rows):  # type: ignore[type-var]  # (int, int, str) rows
        histograms.setdefault(int(str(reviewer_id)), []).extend(unpack_seconds(int(str(span)), packed))
    return {reviewer_id: _median(counts) for reviewer_id, counts in histograms.items()}


def _reviews_from_rollups(
    filters: DashboardFilters, reviews: QuerySet[Review], *, start: date, end: date
) -> tuple[dict[date, dict[str, int]], list[ReviewerThroughput]]:
    """Verdicts per day and the reviewers' throughput from the review tally (+ their medians from the rows)."""
    where: list[tuple[str, object]] = [("day >= %s", start), ("day <= %s", end)]
    if filters.desk:
        where.append(("desk = %s", filters.desk))
    per_day: dict[date, dict[str, int]] = {}
    per_reviewer: dict[int, int] = {}
    days_of: dict[int, dict[date, int]] = {}
    for day, reviewer_id, verdict, n in _tally_rows("reviews_reviewtally", "day, reviewer_id, verdict", where):
        per_day.setdefault(day, {})[verdict] = per_day.get(day, {}).get(verdict, 0) + n
        per_reviewer[reviewer_id] = per_reviewer.get(reviewer_id, 0) + n
        days_of.setdefault(reviewer_id, {})[day] = days_of.get(reviewer_id, {}).get(day, 0) + n
    shown = sorted(
        ((n, reviewer_id) for reviewer_id, n in per_reviewer.items() if n > 0), key=lambda item: (-item[0], item[1])
    )
    shown = shown[:REVIEWERS_SHOWN]
    shown_ids = [reviewer_id for _, reviewer_id in shown]
    medians = _medians_from_rollups(filters, shown_ids, start=start, end=end)
    # Last review: the latest day each reviewer shown has reviews on (the tally); their reviews are
    # walked back from that day's end (review_created_cover_idx) to the first in scope, read with
    # the names in one query.
    last_days = {
        reviewer_id: max(day for day, count in days_of[reviewer_id].items() if count > 0) for reviewer_id in shown_ids
    }
    names: dict[int, str] = {}
    last_reviews: dict[int, datetime | None] = {}
    if shown_ids:
        day_bound = Case(
            *[When(pk=reviewer_id, then=Value(day_end(day))) for reviewer_id, day in last_days.items()],
            output_field=DateTimeField(),
        )
        latest = (
            reviews.filter(reviewer_id=OuterRef("pk"), created_at__lt=OuterRef("day_bound"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        users = (
            get_user_model()
            .objects.filter(pk__in=shown_ids)
            .annotate(day_bound=day_bound, last=Subquery(latest))
            .values_list("pk", "username", "last")
        )
        for pk, username, last in users:
            names[pk], last_reviews[pk] = username, last
    throughput = [
        ReviewerThroughput(
            reviewer_id=reviewer_id,
            username=names.get(reviewer_id, str(reviewer_id)),
            reviews=n,
            active_days=sum(1 for count in days_of[reviewer_id].values() if count > 0),
            median_seconds=medians.get(reviewer_id),
            last_review=last_reviews.get(reviewer_id),
        )
        for n, reviewer_id in shown
    ]
    return {day: {v: c for v, c in verdicts.items() if c} for day, verdicts in per_day.items()}, throughput


def dashboard_get(*, filters: DashboardFilters, now: datetime | None = None, choices: bool = True) -> Dashboard:
    """Every figure on the editor's dashboard, in a fixed number of queries (11, or 9 without ``choices``)."""
    now = now or timezone.now()
    start, end = filters.window(today=timezone.localdate(now))
    window_start, window_end = day_start(start), day_end(end)
    claims = dashboard_claims(filters=filters)
    reviews = dashboard_reviews(filters=filters, start=start, end=end)

    rollups = filters.article_id is None and filters.reviewer_id is None and dashboard_rollups_ready()
    if rollups:
        mix, backlog, open_at_start, created, finalised = _claims_from_rollups(
            filters, claims, start=start, end=end, now=now
        )
    else:
        mix, backlog, open_at_start = _mix_and_backlog(claims, window_start=window_start, now=now)
        created = _per_day(claims, "created_at", start=window_start, end=window_end)
        finalised = _per_day(claims, "finalised_at", start=window_start, end=window_end)
    # The review tally has no claim status: narrowed to a status, the reviews are counted directly.
    if rollups and not filters.status:
        verdicts, throughput = _reviews_from_rollups(filters, reviews, start=start, end=end)
        summary = agreement_summary_from_pairs(desk=filters.desk, since=window_start, before=window_end)
        agreement, pairs = _agreement_tables_shown(summary)
    else:
        verdicts = _verdicts_per_day(reviews)
        throughput = _throughput(reviews)
        agreement, pairs = _agreement(filters=filters, start=start, end=end)
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
    verdict_totals = {verdict.value: sum(point.reviews.get(verdict.value, 0) for point in days) for verdict in Verdict}
    return Dashboard(
        filters=filters,
        window_start=start,
        window_end=end,
        mix=mix,
        backlog=backlog,
        days=days,
        verdict_totals=verdict_totals,
        throughput=throughput,
        agreement=agreement,
        pairs=pairs,
        articles=_article_progress(filters=filters),
        reports=list(dashboard_recent_reports(filters=filters)[:REPORTS_SHOWN]),
        desks=dashboard_desks() if choices else [],
        reviewers=dashboard_reviewers() if choices else [],
    )
