from __future__ import annotations

import pytest
from django.db.models import Count

from benchmarks.dashboard import dashboard_bench
from reviews.models import Article, Claim, Review

pytestmark = pytest.mark.django_db


def test_dashboard_bench_seeds_and_times_the_page_in_a_bounded_number_of_queries():
    figures = dashboard_bench(articles=12, claims_per_article=5, renders=3)
    assert (figures["articles"], figures["claims"]) == (12, 60)
    assert Article.objects.count() == 12 and Claim.objects.count() == 60
    assert figures["reviews"] == Review.objects.count() > 0
    # Claims reviewed twice, so the reviewer-pair agreement query has pairs to join and is measured.
    assert Review.objects.values("claim_id").annotate(n=Count("*")).filter(n__gte=2).exists()
    assert figures["dashboard_p95_ms"] > 0 and figures["dashboard_filtered_p95_ms"] > 0
    assert figures["dashboard_queries"] <= 15
