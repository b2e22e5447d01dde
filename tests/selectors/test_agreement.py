from __future__ import annotations

import pytest

from reviews.selectors.agreement import claim_agreement_rate, cohen_kappa, reviewer_pair_agreement
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_cohen_kappa_known_values():
    assert cohen_kappa([("supported", "supported"), ("speculative", "speculative")]) == 1.0
    assert cohen_kappa([("supported", "supported")] * 3) is None
    pairs = [("supported", "supported")] * 2 + [("supported", "speculative")] * 2
    pairs += [("speculative", "supported")] + [("speculative", "speculative")] * 5
    # observed 0.7, expected 0.4*0.3 + 0.6*0.7 = 0.54 -> kappa = 0.16/0.46
    assert cohen_kappa(pairs) == pytest.approx(0.16 / 0.46)


def test_pair_and_claim_agreement(reviewer, reviewer2):
    article = ArticleFactory(required_reviews=2)
    verdicts = [("supported", "supported"), ("speculative", "speculative"), ("needs_source", "supported")]
    for first, second in verdicts:
        claim = ClaimFactory(article=article)
        ReviewFactory(claim=claim, reviewer=reviewer, verdict=first)
        ReviewFactory(claim=claim, reviewer=reviewer2, verdict=second)
    ReviewFactory(reviewer=reviewer)  # a single review does not count
    rate = claim_agreement_rate()
    assert (rate.claims, rate.unanimous) == (3, 2)
    assert rate.rate == pytest.approx(2 / 3)
    [pair] = reviewer_pair_agreement()
    assert (pair.reviewer_a, pair.reviewer_b, pair.shared_claims, pair.agreed) == ("rita", "rob", 3, 2)
    assert pair.kappa is not None and 0 < pair.kappa < 1
    assert reviewer_pair_agreement(min_shared=4) == []
