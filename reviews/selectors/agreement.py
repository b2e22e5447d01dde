"""Inter-reviewer agreement: per claim and per reviewer pair (Cohen's kappa over the three verdicts).

For the dashboard and the adjudication API. Reviews are compared within one review round of one
claim (a reopened claim starts a new round); claims with fewer than two reviews in a round do not
count. Every figure is a database aggregate: the claim rate is one grouped query, the pair table is
one grouped self-join (each pair's 3x3 confusion table, with the two names), kappa is worked out in
Python from those counts. ``agreement_summary`` gives both from the one self-join.

    claim_agreement_rate(since=None, desk="") -> ClaimAgreement
    reviewer_pair_agreement(since=None, min_shared=1, desk="") -> list[PairAgreement]
    agreement_summary(reviews, reviewer_id=None) -> AgreementSummary: both over any reviews, one query
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Count, F, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from reviews.models import Review, Verdict

VERDICTS: tuple[str, ...] = tuple(Verdict.values)

# Landis & Koch (1977): how strong a kappa is, in words. (upper bound inclusive, label)
KAPPA_BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "poor"),  # below 0: less than chance
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.0, "almost perfect"),
)


def kappa_band(kappa: float | None) -> str:
    """Landis & Koch's word for a kappa ("" when kappa is undefined)."""
    if kappa is None:
        return ""
    if kappa < 0:
        return "poor"
    return next((label for upper, label in KAPPA_BANDS[1:] if kappa <= upper), "almost perfect")


@dataclass(frozen=True)
class ClaimAgreement:
    claims: int  # claim rounds with at least two reviews
    unanimous: int  # of which every verdict was the same
    rate: float | None  # unanimous / claims, None without data


@dataclass(frozen=True)
class PairAgreement:
    reviewer_a_id: int
    reviewer_a: str
    reviewer_b_id: int
    reviewer_b: str
    shared_claims: int
    agreed: int
    observed: float  # share of shared claims with the same verdict
    kappa: float | None  # Cohen's kappa; None when chance agreement is total (both always said the same one thing)

    @property
    def band(self) -> str:
        return kappa_band(self.kappa)


def _reviews(*, since: datetime | None, desk: str = "") -> QuerySet[Review]:
    reviews = Review.objects.all()
    if since is not None:
        reviews = reviews.filter(created_at__gte=since)
    if desk:
        reviews = reviews.filter(claim__article__desk=desk)
    return reviews


def claim_agreement(reviews: QuerySet[Review]) -> ClaimAgreement:
    """Of the claim rounds with two or more of ``reviews``, how many had a single verdict (one query)."""
    row = (
        reviews.order_by()
        .values("claim_id", "review_round")
        .annotate(n=Count("*"), verdicts=Count("verdict", distinct=True))
        .filter(n__gte=2)
        .aggregate(
            claims=Count("*"), unanimous=Coalesce(Sum(Case(When(verdicts=1, then=Value(1)), default=Value(0))), 0)
        )
    )
    claims, unanimous = int(row["claims"]), int(row["unanimous"])
    return ClaimAgreement(claims=claims, unanimous=unanimous, rate=unanimous / claims if claims else None)


def claim_agreement_rate(*, since: datetime | None = None, desk: str = "") -> ClaimAgreement:
    """Share of multiply-reviewed claims whose reviewers all gave the same verdict."""
    return claim_agreement(_reviews(since=since, desk=desk))


def cohen_kappa_from_counts(
    table: Mapping[tuple[str, str], int], categories: tuple[str, ...] = VERDICTS
) -> float | None:
    """Cohen's kappa from a confusion table {(label by A, label by B): items}; None when it is undefined."""
    total = sum(table.values())
    if total == 0:
        return None
    observed = sum(n for (a, b), n in table.items() if a == b) / total
    by_a: Counter[str] = Counter()
    by_b: Counter[str] = Counter()
    for (a, b), n in table.items():
        by_a[a] += n
        by_b[b] += n
    expected = sum((by_a[category] / total) * (by_b[category] / total) for category in categories)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def cohen_kappa(pairs: Iterable[tuple[str, str]], categories: tuple[str, ...] = VERDICTS) -> float | None:
    """Cohen's kappa for two raters' labels on the same items; None when it is undefined."""
    return cohen_kappa_from_counts(Counter(pairs), categories)


@dataclass(frozen=True)
class AgreementSummary:
    claims: ClaimAgreement
    pairs: list[PairAgreement]


@dataclass
class _Tables:
    rounds: int = 0
    unanimous: int = 0
    # {(A id, B id): (A name, B name, {(verdict of A, verdict of B): claims})}
    pairs: dict[tuple[int, int], tuple[str, str, Counter[tuple[str, str]]]] = field(default_factory=dict)


def _agreement_tables(reviews: QuerySet[Review], *, reviewer_id: int | None = None) -> _Tables:
    """Each reviewer pair's confusion table over ``reviews``, and the claim rounds' agreement, in one query.

    A self-join of the reviews on (claim, review round) with reviewer A's id below B's. Grouped by
    (A, B, verdict of A, verdict of B) and counted: the pairs' tables (names joined to the grouped
    rows). Grouped by claim round: the rounds with two or more reviews, and those where no pair
    disagreed (unanimous). With ``reviewer_id`` only the pairs that reviewer is in, hence only the
    rounds they reviewed; unanimity still holds (everyone agreeing with them means everyone agrees).
    """
    # Named columns (an alias each), so the derived tables below read the same on PostgreSQL and SQLite.
    queryset = reviews.order_by().values(
        r_claim=F("claim_id"), r_round=F("review_round"), r_reviewer=F("reviewer_id"), r_verdict=F("verdict")
    )
    try:
        inner, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return _Tables()
    only = ""
    if reviewer_id is not None:
        only = "WHERE a.r_reviewer = %s OR b.r_reviewer = %s"
    # The reviews are joined as two derived tables, not one CTE read twice: PostgreSQL would
    # materialise that and merge-join it after an on-disk sort; inlined, it is one hash join (about
    # half the time). The joined rows (claims reviewed twice or more only) are few: those are the CTE.
    pairs_sql = f"""
            SELECT a.r_claim AS claim_id, a.r_round AS review_round, a.r_reviewer AS reviewer_a,
                   b.r_reviewer AS reviewer_b, a.r_verdict AS verdict_a, b.r_verdict AS verdict_b
            FROM ({inner}) a
            JOIN ({inner}) b ON b.r_claim = a.r_claim AND b.r_round = a.r_round AND a.r_reviewer < b.r_reviewer
            {only}"""  # noqa: S608 - the inner query is the ORM's, values are parameters
    params = (*params, *params, *((reviewer_id, reviewer_id) if reviewer_id is not None else ()))
    return _tables_from_pairs(pairs_sql, params, using=queryset.db)


def _tables_from_pairs(pairs_sql: str, params: tuple[object, ...], *, using: str) -> _Tables:
    """The pairs' confusion tables and the claim rounds' agreement from ``pairs_sql``'s rows
    (claim_id, review_round, reviewer_a, reviewer_b, verdict_a, verdict_b), in one query."""
    connection = connections[using]
    quote = connection.ops.quote_name
    user_model = get_user_model()
    users = quote(user_model._meta.db_table)
    user_pk = quote(user_model._meta.pk.column)
    username = quote(user_model._meta.get_field(user_model.USERNAME_FIELD).column)
    sql = f"""
        WITH j AS ({pairs_sql}
        )
        SELECT g.reviewer_a, ua.{username}, g.reviewer_b, ub.{username}, g.verdict_a, g.verdict_b, g.n, NULL
        FROM (
            SELECT reviewer_a, reviewer_b, verdict_a, verdict_b, COUNT(*) AS n
            FROM j GROUP BY reviewer_a, reviewer_b, verdict_a, verdict_b
        ) g
        LEFT JOIN {users} ua ON ua.{user_pk} = g.reviewer_a
        LEFT JOIN {users} ub ON ub.{user_pk} = g.reviewer_b
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*), SUM(CASE WHEN disagreements = 0 THEN 1 ELSE 0 END)
        FROM (
            SELECT SUM(CASE WHEN verdict_a = verdict_b THEN 0 ELSE 1 END) AS disagreements
            FROM j GROUP BY claim_id, review_round
        ) rounds
    """  # noqa: S608 - identifiers come from the models, values are parameters
    tables = _Tables()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for a, name_a, b, name_b, verdict_a, verdict_b, n, unanimous in cursor.fetchall():
            if a is None:  # the claim rounds' row
                tables.rounds, tables.unanimous = int(n), int(unanimous or 0)
                continue
            entry = tables.pairs.setdefault((a, b), (name_a or str(a), name_b or str(b), Counter()))
            entry[2][(verdict_a, verdict_b)] += n
    return tables


def agreement_summary(
    reviews: QuerySet[Review], *, reviewer_id: int | None = None, min_shared: int = 1
) -> AgreementSummary:
    """Claim agreement and every reviewer pair's agreement over ``reviews``, in one query (pairs unsorted).

    With ``reviewer_id``: the pairs that reviewer is in, and the claim rounds they reviewed.
    """
    return _summary(_agreement_tables(reviews, reviewer_id=reviewer_id), min_shared=min_shared)


def _summary(tables: _Tables, *, min_shared: int = 1) -> AgreementSummary:
    pairs = []
    for (a, b), (name_a, name_b, table) in tables.pairs.items():
        shared = sum(table.values())
        if shared < min_shared:
            continue
        agreed = sum(n for (verdict_a, verdict_b), n in table.items() if verdict_a == verdict_b)
        pairs.append(
            PairAgreement(
                reviewer_a_id=a,
                reviewer_a=name_a,
                reviewer_b_id=b,
                reviewer_b=name_b,
                shared_claims=shared,
                agreed=agreed,
                observed=agreed / shared,
                kappa=cohen_kappa_from_counts(table),
            )
        )
    claims = ClaimAgreement(
        claims=tables.rounds,
        unanimous=tables.unanimous,
        rate=tables.unanimous / tables.rounds if tables.rounds else None,
    )
    return AgreementSummary(claims=claims, pairs=pairs)


def pair_agreement(
    reviews: QuerySet[Review], *, reviewer_id: int | None = None, min_shared: int = 1
) -> list[PairAgreement]:
    """Every pair of reviewers who reviewed the same claims among ``reviews`` (one query), unsorted."""
    return agreement_summary(reviews, reviewer_id=reviewer_id, min_shared=min_shared).pairs


def reviewer_pair_agreement(
    *, since: datetime | None = None, min_shared: int = 1, desk: str = ""
) -> list[PairAgreement]:
    """Every pair of reviewers who reviewed the same claims, with their agreement, most shared first."""
    pairs = pair_agreement(_reviews(since=since, desk=desk), min_shared=min_shared)
    return sorted(pairs, key=lambda pair: (-pair.shared_claims, pair.reviewer_a, pair.reviewer_b))


def agreement_summary_from_pairs(*, desk: str, since: datetime, before: datetime) -> AgreementSummary:
    """``agreement_summary`` of the reviews made in [since, before), from the kept pair rows
    (``reviews.ReviewPair``, PostgreSQL): the same figures without the self-join of the reviews.

    The pairs are grouped by reviewers, verdicts and ``crowded`` (their round has three reviews or
    more): the confusion tables, and every pair of a round of two is a claim round by itself. Only
    the crowded pairs (a partial index) are grouped by claim round, so no grouping grows with the
    pairs, where grouping every pair by claim round spilled to disk (95,000 pairs at two million claims).
    """
    connection = connections["default"]
    quote = connection.ops.quote_name
    user_model = get_user_model()
    users = quote(user_model._meta.db_table)
    user_pk = quote(user_model._meta.pk.column)
    username = quote(user_model._meta.get_field(user_model.USERNAME_FIELD).column)
    in_window = "first_at >= %s AND last_at < %s" + (" AND desk = %s" if desk else "")
    sql = f"""
        SELECT g.reviewer_a_id, ua.{username}, g.reviewer_b_id, ub.{username}, g.verdict_a, g.verdict_b,
               g.crowded, g.n, g.agreed
        FROM (
            SELECT reviewer_a_id, reviewer_b_id, verdict_a, verdict_b, crowded,
                   COUNT(*) AS n, COUNT(*) FILTER (WHERE verdict_a = verdict_b) AS agreed
            FROM reviews_reviewpair WHERE {in_window}
            GROUP BY reviewer_a_id, reviewer_b_id, verdict_a, verdict_b, crowded
        ) g
        LEFT JOIN {users} ua ON ua.{user_pk} = g.reviewer_a_id
        LEFT JOIN {users} ub ON ub.{user_pk} = g.reviewer_b_id
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*), SUM(CASE WHEN unanimous THEN 1 ELSE 0 END)
        FROM (
            SELECT BOOL_AND(verdict_a = verdict_b) AS unanimous
            FROM reviews_reviewpair WHERE crowded AND {in_window}
            GROUP BY claim_id, review_round
        ) crowded_rounds
    """  # noqa: S608 - identifiers come from the models, values are parameters
    params: tuple[object, ...] = (since, before, desk) if desk else (since, before)
    tables = _Tables()
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        for a, name_a, b, name_b, verdict_a, verdict_b, crowded, n, agreed in cursor.fetchall():
            if a is None:  # the crowded rounds
                tables.rounds += int(n)
                tables.unanimous += int(agreed or 0)
                continue
            if not crowded:  # a pair of a round of two is that round
                tables.rounds += int(n)
                tables.unanimous += int(agreed)
            entry = tables.pairs.setdefault((a, b), (name_a or str(a), name_b or str(b), Counter()))
            entry[2][(verdict_a, verdict_b)] += n
    return _summary(tables)
