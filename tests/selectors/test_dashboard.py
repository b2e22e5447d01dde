from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import Claim, ClaimStatus, Report, ReportState
from reviews.selectors.dashboard import DashboardFilters, dashboard_get
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _age(claim: Claim, days: float) -> None:
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_figures_count_statuses_backlog_ages_and_agreement(reviewer, reviewer2):
    article = ArticleFactory(desk="Politics", required_reviews=2)
    old = ClaimFactory(article=article)
    _age(old, 10)
    ClaimFactory(article=article)
    agreed = ClaimFactory(article=article, status=ClaimStatus.SUPPORTED, review_count=2, finalised_at=timezone.now())
    ReviewFactory(claim=agreed, reviewer=reviewer, verdict="supported", seconds_spent=30)
    ReviewFactory(claim=agreed, reviewer=reviewer2, verdict="supported", seconds_spent=90)
    disputed = ClaimFactory(article=article, status=ClaimStatus.DISPUTED, review_count=2)
    ReviewFactory(claim=disputed, reviewer=reviewer, verdict="supported", seconds_spent=60)
    ReviewFactory(claim=disputed, reviewer=reviewer2, verdict="needs_source", seconds_spent=120)
    ClaimFactory(article=ArticleFactory(desk="Sport"))

    board = dashboard_get(filters=DashboardFilters(desk="Politics"))

    assert (board.mix.total, board.mix.pending, board.mix.disputed, board.mix.supported) == (4, 2, 1, 1)
    assert board.mix.reviewed == 2 and board.mix.final == 1
    assert board.backlog.waiting == 2
    assert [bucket.count for bucket in board.backlog.ages] == [1, 0, 0, 1, 0]
    assert 9.9 < board.backlog.oldest_waiting_days < 10.1
    assert board.agreement.multi_review_claims == 2 and board.agreement.agreed == 1
    assert board.agreement.rate == 0.5
    assert board.verdict_totals == {"supported": 3, "speculative": 0, "needs_source": 1}
    rita = next(row for row in board.throughput if row.username == "rita")
    assert (rita.reviews, rita.active_days, rita.median_seconds) == (2, 1, 45.0)
    assert board.desks == ["Politics", "Sport"]
    assert [row.article_id for row in board.articles] == [article.pk]
    assert board.articles[0].counts["pending"] == 2 and board.articles[0].final == 1
    # The last day of the window counts every claim not yet final (pending + disputed).
    assert board.days[-1].open_claims == 3
    assert board.days[-1].review_total == 4


def test_backlog_series_replays_creation_and_finalisation():
    now = timezone.now()
    early = ClaimFactory()
    _age(early, 5)
    late = ClaimFactory(status=ClaimStatus.SUPPORTED)
    _age(late, 3)
    Claim.objects.filter(pk=late.pk).update(finalised_at=now - timedelta(days=1))
    board = dashboard_get(filters=DashboardFilters(), now=now)
    opens = [point.open_claims for point in board.days]
    assert opens[-7:] == [0, 1, 1, 2, 2, 1, 1]
    assert len(board.days) == 30


def test_reviewer_and_status_filters_narrow_every_figure(reviewer, reviewer2):
    mine = ClaimFactory(status=ClaimStatus.SUPPORTED)
    ReviewFactory(claim=mine, reviewer=reviewer)
    theirs = ClaimFactory(status=ClaimStatus.SUPPORTED)
    ReviewFactory(claim=theirs, reviewer=reviewer2)
    ClaimFactory()
    board = dashboard_get(filters=DashboardFilters(reviewer_id=reviewer.pk))
    assert board.mix.total == 1 and [row.username for row in board.throughput] == ["rita"]
    assert dashboard_get(filters=DashboardFilters(status="pending")).mix.total == 1


def test_recent_reports_are_the_compiled_ones():
    article = ArticleFactory()
    done = Report.objects.create(scope="article", format="csv", article=article, state=ReportState.DONE)
    Report.objects.filter(pk=done.pk).update(finished_at=timezone.now())
    Report.objects.create(scope="article", format="csv", article=article, state=ReportState.QUEUED)
    assert [report.pk for report in dashboard_get(filters=DashboardFilters()).reports] == [done.pk]


def test_window_defaults_to_thirty_days_and_is_bounded():
    today = timezone.localdate()
    assert DashboardFilters().window(today=today) == (today - timedelta(days=29), today)
    start, end = DashboardFilters(date_from=today - timedelta(days=5000)).window(today=today)
    assert (end - start).days == 365
