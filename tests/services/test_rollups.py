"""The dashboard's rollups equal a full recount after any mix of operations through the real services.

PostgreSQL only (the triggers); the test suite runs on PostgreSQL in CI. A seeded random sequence:
ingest, hand-out, verdicts (agreeing and not), amend and undo, not-a-claim flags and their
resolution, adjudication, override, reopen, text corrections and splits, desk changes and expired
leases; the check runs every few steps, before and after folding, and the dashboard's figures
with the rollups equal the figures counted from the rows.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from reviews import db_rollups
from reviews.exceptions import DomainError
from reviews.models import Assignment, AssignmentState, Claim, ClaimStatus, ClaimTally, Review, ReviewPair, Verdict
from reviews.selectors import dashboard as dashboard_selectors
from reviews.selectors.dashboard import DashboardFilters, dashboard_get
from reviews.services import adjudication, article_edits, corrections, queue, verdicts
from reviews.services.articles import article_ingest
from reviews.services.rollups import rollups_differences, rollups_fold, rollups_repair
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the rollup triggers are PostgreSQL's"),
]

DESKS = ("Politics", "Science", "")
SUBJECTS = ("The council", "The ministry", "A spokesperson", "The regulator", "The union", "The company")
FIGURES = ("unemployment", "inflation", "the deficit", "rents", "emissions", "exports")


def _article_text(rng: random.Random, index: int) -> str:
    sentences = [
        f"{rng.choice(SUBJECTS)} said {rng.choice(FIGURES)} rose by {rng.randint(2, 40)} percent in {2000 + index}."
        for _ in range(rng.randint(2, 4))
    ]
    return f"Report number {index} from the {rng.choice(('north', 'south', 'east'))}.\n\n" + " ".join(sentences)


def _evidence() -> list[verdicts.EvidenceInput]:
    return [verdicts.EvidenceInput(url="https://example.org/source", title="Source")]


def _pick(rng: random.Random, claims: QuerySet[Claim]) -> Claim | None:
    """A claim chosen by the seeded generator: the database's own random order would make a seed
    repeat a different sequence on every run."""
    ids = list(claims.order_by("pk").values_list("pk", flat=True))
    return Claim.objects.get(pk=rng.choice(ids)) if ids else None


def _verdict_kwargs(verdict: str) -> dict[str, object]:
    if verdict == Verdict.SUPPORTED:
        return {"evidence": _evidence()}
    if verdict == Verdict.NEEDS_SOURCE:
        return {"missing_source_kinds": ["data"], "missing_source_note": "the figures"}
    return {}


def _figures(filters: DashboardFilters) -> object:
    board = dashboard_get(filters=filters, choices=False)
    return (board.mix, board.backlog, board.days, board.verdict_totals, board.throughput, board.agreement, board.pairs)


def _assert_equal_to_recount() -> None:
    assert rollups_differences() == []
    for filters in (DashboardFilters(), DashboardFilters(desk="Politics"), DashboardFilters(status="pending")):
        with_rollups = _figures(filters)
        assert all(type(count) is int for count in (with_rollups[0].total, with_rollups[0].reviewed))  # type: ignore[attr-defined]
        dashboard_selectors._ROLLUPS_READY.clear()
        ready = dashboard_selectors.dashboard_rollups_ready
        dashboard_selectors.dashboard_rollups_ready = lambda: False  # type: ignore[assignment]
        try:
            counted = _figures(filters)
        finally:
            dashboard_selectors.dashboard_rollups_ready = ready  # type: ignore[assignment]
        assert with_rollups == counted, filters


@pytest.mark.parametrize("seed", [1, 2])
def test_rollups_equal_a_full_recount_after_random_operations(seed, editor):
    rng = random.Random(seed)
    reviewers = [UserFactory(username=f"reviewer-{seed}-{i}", roles=["reviewer"]) for i in range(4)]
    articles: list[int] = []
    reviews_given: list[tuple[int, object]] = []  # (review id, reviewer)
    done: list[str] = []
    for step in range(70):
        action = rng.choice(
            ["ingest", "ingest", "verdict", "verdict", "verdict", "verdict", "flag", "resolve", "adjudicate"]
            + ["override", "reopen", "desk", "edit", "split", "amend", "undo", "expire", "settings"]
        )
        try:
            if action == "ingest" or not articles:
                result = article_ingest(raw_text=_article_text(rng, len(articles)), user=editor, desk=rng.choice(DESKS))
                articles.append(result.article.pk)
            elif action in ("verdict", "flag"):
                reviewer = rng.choice(reviewers)
                assignment = queue.claim_assign_next(reviewer=reviewer)
                if action == "flag":
                    corrections.claim_flag_not_a_claim(
                        assignment_id=assignment.pk, reviewer=reviewer, reason="a heading"
                    )
                else:
                    verdict = rng.choice(Verdict.values)
                    review = verdicts.verdict_record(
                        assignment_id=assignment.pk, reviewer=reviewer, verdict=verdict, **_verdict_kwargs(verdict)
                    )
                    reviews_given.append((review.pk, reviewer))
            elif action == "amend" and reviews_given:
                review_id, reviewer = rng.choice(reviews_given)
                verdict = rng.choice(Verdict.values)
                verdicts.verdict_amend(
                    review_id=review_id, reviewer=reviewer, verdict=verdict, **_verdict_kwargs(verdict)
                )
            elif action == "undo" and reviews_given:
                review_id, reviewer = reviews_given[-1]
                verdicts.verdict_undo(review_id=review_id, reviewer=reviewer)
                reviews_given.pop()
            elif action == "resolve":
                claim = _pick(rng, Claim.objects.filter(status=ClaimStatus.FLAGGED))
                if claim:
                    corrections.claim_resolve_flag(
                        claim_id=claim.pk, editor=editor, confirm=rng.random() < 0.5, reason="checked"
                    )
            elif action == "adjudicate":
                claim = _pick(rng, Claim.objects.filter(status=ClaimStatus.DISPUTED))
                if claim:
                    adjudication.claim_adjudicate(
                        claim_id=claim.pk, editor=editor, status=rng.choice(Verdict.values), reason="read it"
                    )
            elif action == "override":
                claim = _pick(rng, Claim.objects.all())
                if claim:
                    adjudication.claim_override_status(
                        claim_id=claim.pk, editor=editor, status=rng.choice(Verdict.values), reason="policy"
                    )
            elif action == "reopen":
                claim = _pick(rng, Claim.objects.filter(status__in=Verdict.values))
                if claim:
                    adjudication.claim_reopen(claim_id=claim.pk, editor=editor, reason="new facts")
            elif action == "desk":
                article_edits.article_update_metadata(
                    article_id=rng.choice(articles), editor=editor, desk=rng.choice(DESKS), reason="moved"
                )
            elif action == "edit":
                claim = _pick(rng, Claim.objects.filter(status=ClaimStatus.PENDING))
                if claim:
                    corrections.claim_edit_text(
                        claim_id=claim.pk, editor=editor, text=claim.text + " Really.", reason="typo"
                    )
            elif action == "split":
                claim = _pick(rng, Claim.objects.filter(status=ClaimStatus.PENDING))
                if claim and " " in claim.text:
                    corrections.claim_split(
                        claim_id=claim.pk, editor=editor, split_at=claim.text.index(" ") + 1, reason="two claims"
                    )
            elif action == "expire":
                Assignment.objects.filter(state=AssignmentState.ACTIVE).update(
                    expires_at=timezone.now() - timedelta(minutes=1)
                )
                queue.assignment_release_expired()
            elif action == "settings":
                adjudication.article_set_review_settings(
                    article_id=rng.choice(articles),
                    editor=editor,
                    required_reviews=rng.choice((1, 2, 3)),
                    reason="care",
                )
            done.append(action)
        except (DomainError, TypeError) as error:  # a refusal is a normal outcome of a random step
            if isinstance(error, TypeError) and "unexpected keyword" not in str(error):
                raise
        if step % 10 == 9:
            _assert_equal_to_recount()
            if rng.random() < 0.5:
                rollups_fold()
                _assert_equal_to_recount()
    rollups_fold()
    _assert_equal_to_recount()
    assert len(done) >= 40 and {"ingest", "verdict", "desk", "reopen"} <= set(done), done
    assert Review.objects.exists() and ClaimTally.objects.exists()
    assert ReviewPair.objects.count() == db_rollups_pairs_recounted()


def db_rollups_pairs_recounted() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({db_rollups._pair_recount_sql('UTC')}) p")  # noqa: S608
        return int(cursor.fetchone()[0])


def test_check_command_finds_and_repairs_a_difference(editor, reviewer):
    article_ingest(raw_text=_article_text(random.Random(3), 1), user=editor, desk="Politics")
    call_command("rollups")  # equal: exits normally
    rollups_fold()
    ClaimTally.objects.filter(pk=ClaimTally.objects.first().pk).update(n=99)
    with pytest.raises(SystemExit) as exited:
        call_command("rollups")
    assert exited.value.code == 1
    call_command("rollups", "--repair")
    assert rollups_differences() == []
    rollups_repair()
    assert rollups_differences() == []


def test_hand_out_writes_no_delta_and_a_verdict_one_statement_of_deltas(editor, reviewer):
    article_ingest(raw_text=_article_text(random.Random(4), 2), user=editor, desk="Science")
    rollups_fold()
    assignment = queue.claim_assign_next(reviewer=reviewer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reviews_claimtallydelta")
        assert cursor.fetchone()[0] == 0  # a hand-out changes no counted column: the trigger does not fire
    verdicts.verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict=Verdict.SPECULATIVE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(n), COUNT(*) FROM reviews_claimtallydelta")
        assert cursor.fetchone() == (0, 2)  # the claim's old key -1, its new key +1
        cursor.execute("SELECT SUM(n) FROM reviews_reviewtallydelta")
        assert cursor.fetchone()[0] == 1
    assert rollups_differences() == []


def test_triggers_count_days_in_the_configured_zone():
    assert db_rollups.installed_time_zone() == "UTC"


@pytest.mark.parametrize("seed", range(5))
def test_median_from_a_histogram_is_the_databases_median(seed):
    rng = random.Random(seed)
    values = [rng.randint(0, 40) for _ in range(rng.randint(1, 60))]
    counts = sorted((value, values.count(value)) for value in set(values))
    with connection.cursor() as cursor:
        cursor.execute("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY v) FROM UNNEST(%s::int[]) AS v", [values])
        assert dashboard_selectors._median(counts) == cursor.fetchone()[0]


def _dashboard_queries(client, **params: str) -> list[str]:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/editor/dashboard/", params).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_dashboard_page_reads_the_rollups_in_a_fixed_number_of_queries(client, editor):
    rng = random.Random(5)
    reviewers = [UserFactory(username=f"counted-{i}", roles=["reviewer"]) for i in range(3)]

    def activity(articles: int) -> None:
        for index in range(articles):
            article_ingest(raw_text=_article_text(rng, 100 + index + articles * 10), user=editor, desk="Politics")
        for reviewer in reviewers * 2:
            try:
                assignment = queue.claim_assign_next(reviewer=reviewer)
            except DomainError:
                continue
            verdicts.verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict=Verdict.SPECULATIVE)

    client.force_login(editor)
    activity(2)
    dashboard_selectors._ROLLUPS_READY.clear()
    _dashboard_queries(client)  # the once-per-process check of the triggers
    small = _dashboard_queries(client)
    small_desk = _dashboard_queries(client, desk="Politics", date_from="2000-01-01")
    activity(6)
    rollups_fold()
    activity(2)  # and some deltas not folded yet
    assert len(_dashboard_queries(client)) == len(small)
    large_desk = _dashboard_queries(client, desk="Politics", date_from="2000-01-01")
    assert len(large_desk) == len(small_desk)
    # session, user, roles, desks, reviewers (the form), 6 figure reads (claim tally; pending boundaries
    # with the oldest waiting and disputed claims; review tally; seconds histogram; names with the last
    # reviews; review pairs), articles, reports
    assert len(small) == len(small_desk) == 13
    for queries in (small, large_desk):
        text = "\n".join(queries)
        assert "reviews_claimtally" in text and "reviews_reviewtally" in text and "reviews_reviewseconds" in text
        assert "reviews_reviewpair" in text and "PERCENTILE_CONT" not in text  # no scan of the window's reviews


def test_beat_folds_the_deltas_every_minute(editor):
    from django.conf import settings

    from reviews import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["fold-rollups"]
    assert entry["task"] == tasks.fold_rollups.name and entry["schedule"] == timedelta(minutes=1)
    article_ingest(raw_text=_article_text(random.Random(6), 7), user=editor, desk="Science")
    assert tasks.fold_rollups() == {"claimtally": 1, "reviewtally": 0, "reviewseconds": 0}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reviews_claimtallydelta")
        assert cursor.fetchone()[0] == 0
    assert rollups_differences() == []


@pytest.mark.django_db(transaction=True)
def test_a_desk_change_during_a_verdict_in_flight_keeps_the_counts_exact(editor):
    """The verdict's transaction read the old desk; the desk change waits for it, then moves what it wrote."""
    import threading

    import psycopg

    result = article_ingest(raw_text=_article_text(random.Random(8), 9), user=editor, desk="Politics")
    claim_id = Claim.objects.filter(article_id=result.article.pk).values_list("pk", flat=True).first()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as verdict, psycopg.connect(**params) as desk_change:
        verdict.execute(
            "UPDATE reviews_claim SET status = 'supported', finalised_at = now(), review_count = 1 WHERE id = %s",
            [claim_id],
        )
        moved = threading.Thread(
            target=lambda: (
                desk_change.execute("UPDATE reviews_article SET desk = 'Science' WHERE id = %s", [result.article.pk]),
                desk_change.commit(),
            )
        )
        moved.start()
        moved.join(timeout=1)
        assert moved.is_alive()  # waiting for the verdict's row lock
        verdict.commit()
        moved.join(timeout=30)
        assert not moved.is_alive()
    assert rollups_differences() == []


@pytest.mark.parametrize("hour", [3, 21])
def test_backlog_ages_are_exact_at_any_time_of_day(hour):
    """Each age boundary reads the shorter part of its day from the rows: the hours up to it early in the
    day, the hours after it late in the day. Both give the count of the rows."""
    from tests.factories import ClaimFactory

    today = timezone.localdate()
    now = timezone.make_aware(datetime.combine(today, time(hour, 30)))
    for days in (0, 1, 2, 3, 4, 6, 7, 8, 29, 30, 31):
        for created_hour in (1, 3, 5, 12, 20, 21, 23):
            claim = ClaimFactory(article__desk=DESKS[(days + created_hour) % 2])
            created = timezone.make_aware(datetime.combine(today - timedelta(days=days), time(created_hour, 30)))
            Claim.objects.filter(pk=claim.pk).update(created_at=created)
    assert Claim.objects.filter(status=ClaimStatus.PENDING).count() == 77
    for filters in (DashboardFilters(), DashboardFilters(desk="Politics")):
        with_rollups = dashboard_get(filters=filters, now=now, choices=False).backlog
        ready = dashboard_selectors.dashboard_rollups_ready
        dashboard_selectors.dashboard_rollups_ready = lambda: False  # type: ignore[assignment]
        try:
            counted = dashboard_get(filters=filters, now=now, choices=False).backlog
        finally:
            dashboard_selectors.dashboard_rollups_ready = ready  # type: ignore[assignment]
        assert with_rollups == counted
        assert sum(bucket.count for bucket in counted.ages) > 0


def test_seconds_histogram_packs_every_duration_exactly(reviewer, reviewer2):
    """Durations in one number per (desk, day, reviewer, span of 10,000 s): long ones, zero, repeats,
    a desk change and an edit of the seconds, before and after folding, equal the rows' medians."""
    from tests.factories import ClaimFactory, ReviewFactory

    durations = {reviewer: [0, 7, 7, 9_999, 10_000, 10_001, 123_456], reviewer2: [40, 41, 41, 41, 20_000]}
    claims = [ClaimFactory(article__desk="Politics") for _ in range(7)]
    reviews = [
        ReviewFactory(claim=claim, reviewer=user, seconds_spent=seconds)
        for user, values in durations.items()
        for claim, seconds in zip(claims, values, strict=False)
    ]
    ReviewFactory(claim=claims[-1], reviewer=reviewer2, seconds_spent=None)  # no time: not in the histogram
    assert rollups_differences() == []
    rollups_fold()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reviewer_id, span FROM reviews_reviewseconds ORDER BY 1, 2")
        assert cursor.fetchall() == [
            (reviewer.pk, 0),
            (reviewer.pk, 1),
            (reviewer.pk, 12),
            (reviewer2.pk, 0),
            (reviewer2.pk, 2),
        ]
    Review.objects.filter(pk=reviews[0].pk).update(seconds_spent=30_000)
    article_edits.article_update_metadata(
        article_id=claims[1].article_id, editor=UserFactory(roles=["editor"]), desk="Science", reason="moved"
    )
    assert rollups_differences() == []
    throughput = {row.reviewer_id: row.median_seconds for row in _figures(DashboardFilters())[4]}  # type: ignore[index]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reviewer_id, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY seconds_spent) FROM reviews_review "
            "WHERE seconds_spent IS NOT NULL GROUP BY 1"
        )
        assert throughput == dict(cursor.fetchall())
    _assert_equal_to_recount()


def test_check_reports_a_seconds_difference_per_duration(reviewer):
    from tests.factories import ReviewFactory

    ReviewFactory(reviewer=reviewer, seconds_spent=10_042)
    rollups_fold()
    with connection.cursor() as cursor:  # one review of 10,003 s more than there is
        cursor.execute("UPDATE reviews_reviewseconds SET counts = counts + ('1e' || 9 * 3)::numeric")
    (difference,) = rollups_differences()
    assert (difference.rollup, difference.key[2:], difference.kept, difference.recounted) == (
        "reviewseconds",
        (reviewer.pk, 10_003),
        1,
        0,
    )
    rollups_repair()
    assert rollups_differences() == []


def test_rounds_of_three_reviews_are_grouped_by_round_and_the_rest_pair_by_pair(reviewer, reviewer2):
    """Agreement per claim round from the pair rows: a round of two is its one pair; the pairs of a
    round of three (``crowded``) are grouped by round, also when the window holds only two of them."""
    from tests.factories import ClaimFactory, ReviewFactory

    third = UserFactory(roles=["reviewer"])
    crowded_claim, plain_claim = ClaimFactory(article__desk="Politics"), ClaimFactory(article__desk="Politics")
    ReviewFactory(claim=plain_claim, reviewer=reviewer, verdict=Verdict.SUPPORTED)
    ReviewFactory(claim=plain_claim, reviewer=reviewer2, verdict=Verdict.SPECULATIVE)
    ReviewFactory(claim=crowded_claim, reviewer=reviewer, verdict=Verdict.SUPPORTED)
    ReviewFactory(claim=crowded_claim, reviewer=reviewer2, verdict=Verdict.SUPPORTED)
    assert set(ReviewPair.objects.values_list("claim_id", "crowded")) == {
        (plain_claim.pk, False),
        (crowded_claim.pk, False),
    }
    late = ReviewFactory(claim=crowded_claim, reviewer=third, verdict=Verdict.NEEDS_SOURCE)
    assert sorted(ReviewPair.objects.values_list("claim_id", "crowded")) == sorted(
        [(plain_claim.pk, False)] + [(crowded_claim.pk, True)] * 3
    )
    _assert_equal_to_recount()
    board = dashboard_get(filters=DashboardFilters(), choices=False)
    assert (board.agreement.multi_review_claims, board.agreement.agreed) == (2, 0)
    # The disagreeing review falls out of the window: the round's other two agree.
    Review.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=40))
    _assert_equal_to_recount()
    board = dashboard_get(filters=DashboardFilters(), choices=False)
    assert (board.agreement.multi_review_claims, board.agreement.agreed) == (2, 1)
    Review.objects.filter(pk=late.pk).delete()  # a round of two again
    assert not ReviewPair.objects.filter(crowded=True).exists()
    rollups_fold()
    _assert_equal_to_recount()
