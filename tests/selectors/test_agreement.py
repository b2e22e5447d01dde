from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from itertools import combinations

import pytest
from django.utils import timezone

from reviews.models import Review
from reviews.selectors.agreement import (
    agreement_summary,
    claim_agreement_rate,
    cohen_kappa,
    cohen_kappa_from_counts,
    kappa_band,
    pair_agreement,
    reviewer_pair_agreement,
)
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

S, SP, NS = "supported", "speculative", "needs_source"
# rita x rob on ten claims: observed 7/10; marginals A = B = (S 5, SP 3, NS 2), expected
# 0.5*0.5 + 0.3*0.3 + 0.2*0.2 = 0.38, kappa = (0.7 - 0.38) / (1 - 0.38) = 0.32 / 0.62.
HAND = [(S, S)] * 4 + [(S, SP)] + [(SP, SP)] * 2 + [(SP, NS)] + [(NS, NS)] + [(NS, S)]
HAND_KAPPA = 0.32 / 0.62


def _shared(first, second, verdicts, *, article=None) -> None:  # type: ignore[no-untyped-def]
    article = article or ArticleFactory(required_reviews=2)
    for verdict_first, verdict_second in verdicts:
        claim = ClaimFactory(article=article)
        ReviewFactory(claim=claim, reviewer=first, verdict=verdict_first)
        ReviewFactory(claim=claim, reviewer=second, verdict=verdict_second)


def _by_names(pairs):  # type: ignore[no-untyped-def]
    return {frozenset((pair.reviewer_a, pair.reviewer_b)): pair for pair in pairs}


def test_cohen_kappa_known_values():
    assert cohen_kappa([("supported", "supported"), ("speculative", "speculative")]) == 1.0
    assert cohen_kappa([("supported", "supported")] * 3) is None
    assert cohen_kappa([]) is None
    pairs = [("supported", "supported")] * 2 + [("supported", "speculative")] * 2
    pairs += [("speculative", "supported")] + [("speculative", "speculative")] * 5
    # observed 0.7, expected 0.4*0.3 + 0.6*0.7 = 0.54 -> kappa = 0.16/0.46
    assert cohen_kappa(pairs) == pytest.approx(0.16 / 0.46)
    assert cohen_kappa(HAND) == pytest.approx(HAND_KAPPA)


def test_kappa_from_counts_is_the_list_kappa():
    table = {(S, S): 4, (S, SP): 1, (SP, SP): 2, (SP, NS): 1, (NS, NS): 1, (NS, S): 1}
    assert cohen_kappa_from_counts(table) == pytest.approx(HAND_KAPPA)
    assert cohen_kappa_from_counts({(S, SP): 5, (SP, S): 5}) == pytest.approx(-1.0)
    assert cohen_kappa_from_counts({(S, S): 3}) is None and cohen_kappa_from_counts({}) is None


def test_landis_koch_bands():
    assert [kappa_band(k) for k in (-0.1, 0.0, 0.2, 0.21, 0.4, 0.5, 0.61, 0.8, 0.81, 1.0)] == [
        "poor",
        "slight",
        "slight",
        "fair",
        "fair",
        "moderate",
        "substantial",
        "substantial",
        "almost perfect",
        "almost perfect",
    ]
    assert kappa_band(None) == ""


def test_pair_and_claim_agreement(reviewer, reviewer2):
    verdicts = [("supported", "supported"), ("speculative", "speculative"), ("needs_source", "supported")]
    _shared(reviewer, reviewer2, verdicts)
    ReviewFactory(reviewer=reviewer)  # a single review does not count
    rate = claim_agreement_rate()
    assert (rate.claims, rate.unanimous) == (3, 2)
    assert rate.rate == pytest.approx(2 / 3)
    [pair] = reviewer_pair_agreement()
    assert (pair.reviewer_a, pair.reviewer_b, pair.shared_claims, pair.agreed) == ("rita", "rob", 3, 2)
    assert pair.kappa is not None and 0 < pair.kappa < 1
    assert reviewer_pair_agreement(min_shared=4) == []


def test_pair_table_is_one_query_with_the_hand_computed_kappa(reviewer, reviewer2, django_assert_num_queries):
    vic = UserFactory(username="vic", roles=["reviewer"])
    _shared(reviewer, reviewer2, HAND)
    _shared(reviewer, vic, [(S, SP)] * 5 + [(SP, S)] * 5)
    _shared(reviewer2, vic, [(NS, NS)] * 2)
    with django_assert_num_queries(1):
        pairs = reviewer_pair_agreement()
    with django_assert_num_queries(1):
        summary = agreement_summary(Review.objects.all())
    assert (summary.claims.claims, summary.claims.unanimous) == (22, 7 + 0 + 2)
    assert [(p.reviewer_a, p.reviewer_b, p.shared_claims) for p in pairs] == [
        ("rita", "rob", 10),
        ("rita", "vic", 10),
        ("rob", "vic", 2),
    ]  # most shared first, then by name
    by_names = _by_names(pairs)
    hand = by_names[frozenset(("rita", "rob"))]
    assert (hand.agreed, hand.observed) == (7, 0.7)
    assert hand.kappa == pytest.approx(HAND_KAPPA) and hand.band == "moderate"
    opposite = by_names[frozenset(("rita", "vic"))]
    assert (opposite.agreed, opposite.kappa, opposite.band) == (0, pytest.approx(-1.0), "poor")
    same = by_names[frozenset(("rob", "vic"))]
    assert (same.agreed, same.observed, same.kappa) == (2, 1.0, None)  # both only ever said one thing
    assert [p.shared_claims for p in reviewer_pair_agreement(min_shared=3)] == [10, 10]


def test_reviews_pair_only_within_one_review_round(reviewer, reviewer2):
    vic, ada = UserFactory(username="vic", roles=["reviewer"]), UserFactory(username="ada", roles=["reviewer"])
    claim = ClaimFactory()
    ReviewFactory(claim=claim, reviewer=reviewer, verdict=S)
    ReviewFactory(claim=claim, reviewer=reviewer2, verdict=SP)
    ReviewFactory(claim=claim, reviewer=vic, verdict=NS, review_round=2)  # reopened: a fresh round
    ReviewFactory(claim=claim, reviewer=ada, verdict=NS, review_round=2)
    assert set(_by_names(reviewer_pair_agreement())) == {frozenset(("rita", "rob")), frozenset(("vic", "ada"))}
    rate = claim_agreement_rate()
    assert (rate.claims, rate.unanimous) == (2, 1)


def test_since_desk_and_reviewer_narrow_the_pairs(reviewer, reviewer2):
    vic = UserFactory(username="vic", roles=["reviewer"])
    _shared(reviewer, reviewer2, [(S, S)] * 3, article=ArticleFactory(desk="Politics"))
    _shared(reviewer, vic, [(S, NS)] * 2, article=ArticleFactory(desk="Sport"))
    old = timezone.now() - timedelta(days=40)
    Review.objects.filter(reviewer=vic).update(created_at=old)
    assert set(_by_names(reviewer_pair_agreement(desk="Politics"))) == {frozenset(("rita", "rob"))}
    assert set(_by_names(reviewer_pair_agreement(since=old + timedelta(days=1)))) == {frozenset(("rita", "rob"))}
    assert claim_agreement_rate(desk="Sport").claims == 2
    assert claim_agreement_rate(since=old + timedelta(days=1)).claims == 3
    with_vic = pair_agreement(Review.objects.all(), reviewer_id=vic.pk)
    assert [(p.shared_claims, p.agreed) for p in with_vic] == [(2, 0)]
    assert pair_agreement(Review.objects.none()) == []


def test_database_figures_match_the_python_ones_on_random_reviews():
    rng = random.Random(7)  # test data
    reviewers = [UserFactory(username=f"r{index}", roles=["reviewer"]) for index in range(4)]
    article = ArticleFactory(required_reviews=3)
    for _ in range(40):
        claim = ClaimFactory(article=article)
        for reviewer in rng.sample(reviewers, rng.randint(1, 3)):
            ReviewFactory(claim=claim, reviewer=reviewer, verdict=rng.choice([S, SP, NS]))
    # The former in-Python computation: group by claim round, pair every two reviewers.
    rounds: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
    for claim_id, review_round, reviewer_id, verdict in Review.objects.values_list(
        "claim_id", "review_round", "reviewer_id", "verdict"
    ):
        rounds[(claim_id, review_round)][reviewer_id] = verdict
    shared: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for verdicts in rounds.values():
        for (a, verdict_a), (b, verdict_b) in combinations(sorted(verdicts.items()), 2):
            shared[(a, b)].append((verdict_a, verdict_b))
    pairs = {(p.reviewer_a_id, p.reviewer_b_id): p for p in reviewer_pair_agreement()}
    assert set(pairs) == set(shared)
    for key, labels in shared.items():
        assert pairs[key].shared_claims == len(labels)
        assert pairs[key].agreed == sum(1 for a, b in labels if a == b)
        assert pairs[key].kappa == pytest.approx(cohen_kappa(labels))
    multi = [verdicts for verdicts in rounds.values() if len(verdicts) > 1]
    expected = (len(multi), sum(1 for v in multi if len(set(v.values())) == 1))
    rate = claim_agreement_rate()
    assert (rate.claims, rate.unanimous) == expected
    summary = agreement_summary(Review.objects.all())
    assert (summary.claims.claims, summary.claims.unanimous) == expected
    assert {(p.reviewer_a_id, p.reviewer_b_id, p.shared_claims, p.kappa) for p in summary.pairs} == {
        (p.reviewer_a_id, p.reviewer_b_id, p.shared_claims, p.kappa) for p in pairs.values()
    }
    # One reviewer: the pairs they are in, and the rounds they reviewed.
    someone = reviewers[0].pk
    theirs = [v for v in multi if someone in v]
    mine = agreement_summary(Review.objects.all(), reviewer_id=someone)
    assert {(p.reviewer_a_id, p.reviewer_b_id) for p in mine.pairs} == {key for key in shared if someone in key}
    assert (mine.claims.claims, mine.claims.unanimous) == (
        len(theirs),
        sum(1 for v in theirs if len(set(v.values())) == 1),
    )
