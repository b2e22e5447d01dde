"""Inter-reviewer agreement: per claim and per reviewer pair (Cohen's kappa over the three verdicts).

For the dashboard. Reviews are compared within one review round of one claim (a reopened claim
starts a new round); claims with fewer than two reviews in a round do not count.

    claim_agreement_rate(since=None, desk="") -> ClaimAgreement
    reviewer_pair_agreement(since=None, min_shared=1) -> list[PairAgreement]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from django.contrib.auth import get_user_model

from reviews.models import Review, Verdict

VERDICTS: tuple[str, ...] = tuple(Verdict.values)


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


def _verdicts_by_claim_round(*, since: datetime | None, desk: str = "") -> dict[tuple[int, int], dict[int, str]]:
    reviews = Review.objects.all()
    if since is not None:
        reviews = reviews.filter(created_at__gte=since)
    if desk:
        reviews = reviews.filter(claim__article__desk=desk)
    grouped: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
    for claim_id, review_round, reviewer_id, verdict in reviews.values_list(
        "claim_id", "review_round", "reviewer_id", "verdict"
    ).iterator(chunk_size=5000):
        grouped[(claim_id, review_round)][reviewer_id] = verdict
    return grouped


def claim_agreement_rate(*, since: datetime | None = None, desk: str = "") -> ClaimAgreement:
    """Share of multiply-reviewed claims whose reviewers all gave the same verdict."""
    rounds = [verdicts for verdicts in _verdicts_by_claim_round(since=since, desk=desk).values() if len(verdicts) > 1]
    unanimous = sum(1 for verdicts in rounds if len(set(verdicts.values())) == 1)
    return ClaimAgreement(claims=len(rounds), unanimous=unanimous, rate=unanimous / len(rounds) if rounds else None)


def cohen_kappa(pairs: list[tuple[str, str]], categories: tuple[str, ...] = VERDICTS) -> float | None:
    """Cohen's kappa for two raters' labels on the same items; None when it is undefined."""
    total = len(pairs)
    if total == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / total
    expected = sum(
        (sum(1 for a, _ in pairs if a == category) / total) * (sum(1 for _, b in pairs if b == category) / total)
        for category in categories
    )
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def reviewer_pair_agreement(*, since: datetime | None = None, min_shared: int = 1) -> list[PairAgreement]:
    """Every pair of reviewers who reviewed the same claims, with their agreement, most shared first."""
    shared: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for verdicts in _verdicts_by_claim_round(since=since).values():
        for (a, verdict_a), (b, verdict_b) in combinations(sorted(verdicts.items()), 2):
            shared[(a, b)].append((verdict_a, verdict_b))
    reviewer_ids = {reviewer_id for pair in shared for reviewer_id in pair}
    names = dict(get_user_model().objects.filter(pk__in=reviewer_ids).values_list("pk", "username"))
    result = []
    for (a, b), pairs in shared.items():
        if len(pairs) < min_shared:
            continue
        agreed = sum(1 for x, y in pairs if x == y)
        result.append(
            PairAgreement(
                reviewer_a_id=a,
                reviewer_a=names.get(a, str(a)),
                reviewer_b_id=b,
                reviewer_b=names.get(b, str(b)),
                shared_claims=len(pairs),
                agreed=agreed,
                observed=agreed / len(pairs),
                kappa=cohen_kappa(pairs),
            )
        )
    return sorted(result, key=lambda pair: (-pair.shared_claims, pair.reviewer_a, pair.reviewer_b))
