from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import Claim, ClaimStatus, Report, ReportState, Review
from reviews.selectors.dashboard import DashboardFilters, dashboard_get
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory, UserFactory

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


def _pair(first, second, verdicts, *, desk: str = "World") -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(desk=desk, required_reviews=2)
    for verdict_first, verdict_second in verdicts:
        claim = ClaimFactory(article=article)
        ReviewFactory(claim=claim, reviewer=first, verdict=verdict_first)
        ReviewFactory(claim=claim, reviewer=second, verdict=verdict_second)


def _names(table) -> list[frozenset[str]]:  # type: ignore[no-untyped-def]
    return [frozenset((row.pair.reviewer_a, row.pair.reviewer_b)) for row in table.rows]


def test_reviewer_pairs_lowest_kappa_first_and_too_few_claims_last(reviewer, reviewer2):
    vic = UserFactory(username="vic", roles=["reviewer"])
    ada = UserFactory(username="ada", roles=["reviewer"])
    s, sp, ns = "supported", "speculative", "needs_source"
    # rita & rob: kappa 0.32/0.62 (moderate); rita & vic: -1 (poor); rob & ada: always the same one verdict;
    # vic & ada: two claims only, opposite verdicts, not judged.
    _pair(reviewer, reviewer2, [(s, s)] * 4 + [(s, sp), (sp, sp), (sp, sp), (sp, ns), (ns, ns), (ns, s)])
    _pair(reviewer, vic, [(s, sp)] * 5 + [(sp, s)] * 5, desk="Sport")
    _pair(reviewer2, ada, [(s, s)] * 12)
    _pair(vic, ada, [(s, ns), (ns, s)])

    pairs = dashboard_get(filters=DashboardFilters()).pairs

    assert _names(pairs) == [
        frozenset(("rita", "vic")),
        frozenset(("rita", "rob")),
        frozenset(("rob", "ada")),
        frozenset(("vic", "ada")),
    ]
    poor, moderate, undefined, few = pairs.rows
    assert (poor.pair.kappa, poor.pair.band, poor.flagged) == (pytest.approx(-1.0), "poor", True)
    assert moderate.pair.kappa == pytest.approx(0.32 / 0.62) and not moderate.flagged
    assert (moderate.pair.shared_claims, moderate.pair.agreed, moderate.pair.observed) == (10, 7, 0.7)
    assert undefined.judged and undefined.pair.kappa is None and not undefined.flagged
    assert not few.judged and not few.flagged and few.pair.kappa is not None and few.pair.kappa < 0
    assert (pairs.total, pairs.flagged) == (4, 1)

    assert _names(dashboard_get(filters=DashboardFilters(desk="Sport")).pairs) == [frozenset(("rita", "vic"))]
    # The reviewer filter keeps the pairs that reviewer is in.
    board = dashboard_get(filters=DashboardFilters(reviewer_id=reviewer2.pk))
    assert set(_names(board.pairs)) == {frozenset(("rita", "rob")), frozenset(("rob", "ada"))}
    # ... and the claim agreement counts the claims that reviewer reviewed with someone else.
    assert (board.agreement.multi_review_claims, board.agreement.agreed) == (10 + 12, 7 + 12)
    assert dashboard_get(filters=DashboardFilters(status="disputed")).pairs.total == 0


def test_reviewer_pairs_count_reviews_in_the_window_and_are_capped(reviewer, reviewer2, monkeypatch):
    vic = UserFactory(username="vic", roles=["reviewer"])
    _pair(reviewer, reviewer2, [("supported", "supported")] * 2)
    _pair(reviewer, vic, [("supported", "speculative")] * 3)
    Review.objects.filter(reviewer=vic).update(created_at=timezone.now() - timedelta(days=45))
    assert _names(dashboard_get(filters=DashboardFilters()).pairs) == [frozenset(("rita", "rob"))]
    older = DashboardFilters(date_from=timezone.localdate() - timedelta(days=60))
    assert dashboard_get(filters=older).pairs.total == 2
    monkeypatch.setattr("reviews.selectors.dashboard.PAIRS_SHOWN", 1)
    capped = dashboard_get(filters=older).pairs
    assert (len(capped.rows), capped.total) == (1, 2)
    assert _names(capped) == [frozenset(("rita", "vic"))]  # both too few to judge: most shared first
