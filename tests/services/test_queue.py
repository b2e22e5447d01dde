from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from reviews.exceptions import ClaimNotHeld, InvalidInput, NothingToReview, ReviewerUnavailable, TooManyLeases
from reviews.models import Assignment, AssignmentState, AuditEvent, Claim
from reviews.services.queue import (
    assignment_release,
    assignment_release_expired,
    claim_assign_next,
    claims_open_for,
)
from reviews.services.verdicts import verdict_record
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, UserFactory, verdict_extras

pytestmark = pytest.mark.django_db


def test_next_claim_is_the_best_one_and_is_leased(reviewer):
    low = ClaimFactory(score=0.2)
    high = ClaimFactory(score=0.9)
    urgent = ClaimFactory(score=0.1, priority=5)
    assignment = claim_assign_next(reviewer=reviewer)
    assert assignment.claim == urgent
    assert assignment.state == AssignmentState.ACTIVE
    assert assignment.expires_at > timezone.now() + timedelta(minutes=9)
    urgent.refresh_from_db()
    assert urgent.lease_count == 1
    assert {low, high}  # untouched
    assert AuditEvent.objects.filter(claim=urgent, action="claim_leased").exists()


def test_two_reviewers_never_get_the_same_single_review_claim(reviewer, reviewer2):
    ClaimFactory()
    claim_assign_next(reviewer=reviewer)
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer2)


def test_a_reviewer_holds_at_most_the_configured_number_of_leases(reviewer, settings):
    ClaimFactory.create_batch(3)
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 2
    claim_assign_next(reviewer=reviewer)
    claim_assign_next(reviewer=reviewer)
    with pytest.raises(TooManyLeases):
        claim_assign_next(reviewer=reviewer)


def test_release_returns_the_claim_and_a_skipped_claim_comes_back_after_the_rest_of_the_queue(reviewer, reviewer2):
    claim = ClaimFactory(score=0.9)
    later = ClaimFactory(score=0.1)
    first = claim_assign_next(reviewer=reviewer)
    assignment_release(assignment_id=first.pk, reviewer=reviewer, reason="need coffee")
    again = claim_assign_next(reviewer=reviewer)
    assert again.claim == claim
    assignment_release(assignment_id=again.pk, reviewer=reviewer, reason="conflict of interest", skip=True)
    assert Assignment.objects.get(pk=again.pk).reason == "conflict of interest"
    # The rest of the queue first, though the skipped claim ranks higher...
    rest = claim_assign_next(reviewer=reviewer)
    assert rest.claim == later
    verdict_record(assignment_id=rest.pk, reviewer=reviewer, verdict="speculative")
    # ... then the skipped claim comes back to the same reviewer.
    back = claim_assign_next(reviewer=reviewer)
    assert back.claim == claim and back.pk != again.pk
    assignment_release(assignment_id=back.pk, reviewer=reviewer)
    assert claim_assign_next(reviewer=reviewer2).claim == claim
    with pytest.raises(NothingToReview):  # reviewed claims never come back
        claim_assign_next(reviewer=reviewer)


def test_releasing_someone_elses_lease_is_refused(reviewer, reviewer2):
    ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    with pytest.raises(ClaimNotHeld):
        assignment_release(assignment_id=assignment.pk, reviewer=reviewer2)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.ACTIVE


def test_expired_leases_come_back_to_the_queue(reviewer, reviewer2):
    claim = ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    later = timezone.now() + timedelta(minutes=11)
    assert assignment_release_expired(now=later) == 1
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.EXPIRED
    claim.refresh_from_db()
    assert claim.lease_count == 0
    assert claim_assign_next(reviewer=reviewer2, now=later).claim == claim


def test_several_reviews_per_claim_hand_out_distinct_reviewers(reviewer, reviewer2):
    article = ArticleFactory(required_reviews=2)
    claim = ClaimFactory(article=article)
    assert claim_assign_next(reviewer=reviewer).claim == claim
    assert claim_assign_next(reviewer=reviewer2).claim == claim
    third = UserFactory(username="third", roles=["reviewer"])
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=third)
    with pytest.raises(TooManyLeases):
        claim_assign_next(reviewer=reviewer)


@pytest.mark.django_db(transaction=True)
def test_concurrent_hand_out_never_gives_one_claim_to_two_reviewers(settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 5
    if connection.vendor != "postgresql":
        pytest.skip("concurrent hand-out with SKIP LOCKED is exercised on PostgreSQL (set DATABASE_URL)")
    reviewers = [UserFactory(username=f"conc{i}", roles=["reviewer"]) for i in range(8)]
    claims = ClaimFactory.create_batch(40)
    barrier = threading.Barrier(len(reviewers))
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            for _ in range(5):
                assignment = claim_assign_next(reviewer=user)
                with lock:
                    taken.append(assignment.claim_id)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(user,)) for user in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(taken) == 40 == len(set(taken)), "a claim was handed to two reviewers"
    assert set(taken) == {claim.pk for claim in claims}
    assert set(Claim.objects.values_list("lease_count", flat=True)) == {1}
    assert Assignment.objects.filter(state=AssignmentState.ACTIVE).count() == 40


def test_order_is_priority_then_deadline_then_score_then_age(reviewer, settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 10
    now = timezone.now()
    old_low = ClaimFactory(score=0.3)
    young_low = ClaimFactory(score=0.3)
    high_score = ClaimFactory(score=0.9)
    late_deadline = ClaimFactory(article=ArticleFactory(deadline=now + timedelta(hours=5)), score=0.1)
    early_deadline = ClaimFactory(article=ArticleFactory(deadline=now + timedelta(hours=1)), score=0.1)
    urgent_article = ClaimFactory(article=ArticleFactory(priority=3), score=0.1)
    urgent_claim = ClaimFactory(priority=7, score=0.1)
    order = [claim_assign_next(reviewer=reviewer).claim for _ in range(7)]
    assert order == [urgent_claim, urgent_article, early_deadline, late_deadline, high_score, old_low, young_low]


def test_queue_can_be_narrowed_to_an_article_or_a_desk(reviewer, settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 10
    politics = ArticleFactory(desk="Politics")
    sport = ArticleFactory(desk="Sport")
    best = ClaimFactory(article=sport, score=0.99)
    in_politics = ClaimFactory(article=politics, score=0.5)
    second_politics = ClaimFactory(article=ArticleFactory(desk="Politics"), score=0.4)
    assert claim_assign_next(reviewer=reviewer, desk="Politics").claim == in_politics
    assert claim_assign_next(reviewer=reviewer, article_id=second_politics.article_id).claim == second_politics
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer, desk="Politics")
    assert claim_assign_next(reviewer=reviewer).claim == best


def test_a_reviewer_is_never_handed_a_claim_they_reviewed_or_flagged(reviewer, reviewer2):
    from reviews.services.corrections import claim_flag_not_a_claim
    from reviews.services.verdicts import verdict_record

    article = ArticleFactory(required_reviews=3)
    reviewed = ClaimFactory(article=article, score=0.9)
    flagged = ClaimFactory(article=article, score=0.5)
    first = claim_assign_next(reviewer=reviewer)
    assert first.claim == reviewed
    verdict_record(assignment_id=first.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported"))
    second = claim_assign_next(reviewer=reviewer)
    assert second.claim == flagged
    claim_flag_not_a_claim(assignment_id=second.pk, reviewer=reviewer, reason="a heading")
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer)
    assert claim_assign_next(reviewer=reviewer2).claim == reviewed


def test_editor_hands_a_claim_to_a_named_reviewer_and_revokes_a_lease(editor, reviewer, reviewer2):
    from reviews.services.queue import assignment_revoke, claim_hand_to

    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    with pytest.raises(ReviewerUnavailable, match="slot"):
        claim_hand_to(claim_id=claim.pk, reviewer_id=reviewer2.pk, editor=editor)
    assignment_revoke(assignment_id=held.pk, editor=editor, reason="rita is off sick")
    assert Assignment.objects.get(pk=held.pk).state == AssignmentState.RELEASED
    handed = claim_hand_to(claim_id=claim.pk, reviewer_id=reviewer2.pk, editor=editor, reason="rob knows the topic")
    assert handed.reviewer == reviewer2
    claim.refresh_from_db()
    assert claim.lease_count == 1
    actions = list(AuditEvent.objects.filter(claim=claim).values_list("action", "actor__username"))
    assert ("lease_revoked", "edna") in actions
    assert ("claim_handed", "edna") in actions
    with pytest.raises(ClaimNotHeld):
        assignment_revoke(assignment_id=held.pk, editor=editor, reason="again")
    with pytest.raises(InvalidInput):
        assignment_revoke(assignment_id=handed.pk, editor=editor, reason=" ")


def test_hand_to_refuses_non_reviewers_and_reviewers_who_already_reviewed(editor, reviewer, outsider):
    from reviews.services.queue import claim_hand_to
    from reviews.services.verdicts import verdict_record

    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    with pytest.raises(ReviewerUnavailable):
        claim_hand_to(claim_id=claim.pk, reviewer_id=outsider.pk, editor=editor)
    held = claim_assign_next(reviewer=reviewer)
    verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported"))
    with pytest.raises(ReviewerUnavailable, match="already"):
        claim_hand_to(claim_id=claim.pk, reviewer_id=reviewer.pk, editor=editor)


def test_expired_lease_then_release_is_refused_and_audited_once(reviewer):
    ClaimFactory()
    assignment = claim_assign_next(reviewer=reviewer)
    later = timezone.now() + timedelta(minutes=11)
    assert assignment_release_expired(now=later) == 1
    assert assignment_release_expired(now=later) == 0
    with pytest.raises(ClaimNotHeld):
        assignment_release(assignment_id=assignment.pk, reviewer=reviewer)
    assert AuditEvent.objects.filter(action="lease_expired").count() == 1


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement hand-out runs on PostgreSQL only"
)


def _lease_rows(assignment: Assignment) -> tuple[dict, dict]:
    row = Assignment.objects.filter(pk=assignment.pk).values("claim_id", "reviewer_id", "state", "reason").get()
    event = AuditEvent.objects.filter(claim_id=assignment.claim_id, action="claim_leased").get()
    audit = {
        "actor_id": event.actor_id,
        "article_id": event.article_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "data": event.data,
    }
    return row, audit


@postgresql_only
def test_the_one_statement_hand_out_writes_what_the_portable_path_writes(reviewer, monkeypatch, settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 2
    first, second = ClaimFactory(score=0.9), ClaimFactory(score=0.1)
    fast = claim_assign_next(reviewer=reviewer)  # PostgreSQL: pick + take + lease + audit in one statement
    monkeypatch.setattr(connection.features, "has_select_for_update_skip_locked", False)
    portable = claim_assign_next(reviewer=reviewer)  # the ORM path SQLite takes
    assert (fast.claim_id, portable.claim_id) == (first.pk, second.pk)
    (fast_row, fast_audit), (portable_row, portable_audit) = _lease_rows(fast), _lease_rows(portable)
    assert fast_row == {**portable_row, "claim_id": first.pk}
    assert fast_audit["data"] == {
        "assignment": fast.pk,
        "reviewer": reviewer.pk,
        "expires_at": Assignment.objects.get(pk=fast.pk).expires_at.isoformat(),
    }
    assert {**fast_audit, "data": None, "article_id": None} == {**portable_audit, "data": None, "article_id": None}
    assert fast_audit["article_id"] == first.article_id
    assert set(fast_audit["data"]) == set(portable_audit["data"])
    assert Claim.objects.get(pk=first.pk).lease_count == Claim.objects.get(pk=second.pk).lease_count == 1
    # What the caller gets back is the saved row.
    saved = Assignment.objects.get(pk=fast.pk)
    assert (fast.leased_at, fast.expires_at, fast.state, fast.reviewer_id) == (
        saved.leased_at,
        saved.expires_at,
        saved.state,
        saved.reviewer_id,
    )


class _RoundTrips:
    """Statements and round trips to the server on the test's connection (``with _RoundTrips() as trips``).

    A round trip is a request the client sends and waits for: the server ends each answer with one
    ReadyForQuery message, which libpq's protocol trace shows. ``BEGIN`` and ``COMMIT`` are round
    trips of their own.
    """

    def __enter__(self) -> _RoundTrips:
        import tempfile

        from django.test.utils import CaptureQueriesContext
        from psycopg import pq

        connection.ensure_connection()
        self._trace = tempfile.TemporaryFile()
        self._pgconn = connection.connection.pgconn
        self._pgconn.trace(self._trace.fileno())
        self._pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        self._queries = CaptureQueriesContext(connection)
        self._queries.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._queries.__exit__(*exc)
        self._pgconn.untrace()
        self._trace.seek(0)
        trace = self._trace.read().decode()
        self._trace.close()
        self.count = sum(1 for line in trace.splitlines() if line.split("\t")[:1] == ["B"] and "ReadyForQuery" in line)
        self.statements = [
            q["sql"] for q in self._queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT", "ROLLBACK")
        ]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_hand_out_and_verdict_take_few_round_trips_and_only_the_lease_skips_the_disk_wait(
    reviewer, editor, settings, monkeypatch
):
    from reviews.services import queue
    from reviews.services.recusals import recusal_declare
    from reviews.services.verdicts import EvidenceInput, verdict_record

    settings.REVIEW_SWEEP_INTERVAL_SECONDS = 3600
    monkeypatch.setattr(queue, "_last_sweep", [time.monotonic()])  # the expiry sweep is not due
    ClaimFactory.create_batch(7)
    links = [EvidenceInput(url="https://example.org/a"), EvidenceInput(url="https://example.org/b")]
    # Once per connection, each statement is prepared first (a round trip of its own): not counted.
    verdict_record(assignment_id=claim_assign_next(reviewer=reviewer).pk, reviewer=reviewer, verdict="speculative")
    verdict_record(
        assignment_id=claim_assign_next(reviewer=reviewer).pk, reviewer=reviewer, verdict="supported", evidence=links
    )
    with _RoundTrips() as handout:
        assignment = claim_assign_next(reviewer=reviewer)
    with _RoundTrips() as verdict:
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="speculative")
    with _RoundTrips() as supported:
        verdict_record(
            assignment_id=claim_assign_next(reviewer=reviewer).pk,
            reviewer=reviewer,
            verdict="supported",
            evidence=links,
        )
    recusal_declare(user=editor, reviewer_id=reviewer.pk, kind="organisation", term="Acme Holdings")
    verdict_record(assignment_id=claim_assign_next(reviewer=reviewer).pk, reviewer=reviewer, verdict="speculative")
    with _RoundTrips() as recused_handout:
        claim_assign_next(reviewer=reviewer)

    # Hand-out: lease limit + pick + slot + lease + audit in one statement, its own transaction (no
    # BEGIN, no COMMIT). A reviewer with recusals: that statement takes nothing, their recusals are
    # read, and the statement runs again with them.
    assert (len(handout.statements), handout.count) == (1, 1), handout.statements
    assert (len(recused_handout.statements), recused_handout.count) == (3, 3), recused_handout.statements
    # Verdict: the lease and its claim + whether any webhook endpoint is active + the review's id;
    # then, if the claim and the lease are still as read, the claim's update + closing the lease +
    # the review + its evidence + both audit rows (the verdict's and the status change's) in one
    # statement. Both their own transactions: no BEGIN, no COMMIT.
    assert (len(verdict.statements), verdict.count) == (2, 2), verdict.statements
    assert (len(supported.statements) - 1, supported.count - 1) == (2, 2), supported.statements  # with its hand-out
    assert "reviews_evidencelink" in supported.statements[-1]
    assert not any("reviews_webhookendpoint" in sql for sql in verdict.statements[1:]), "no endpoint: no query"
    assert any("'synchronous_commit', 'off'" in sql for sql in handout.statements)
    assert not any("synchronous_commit" in sql for sql in verdict.statements), "a verdict must be committed durably"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_pages_verdict_deletes_the_draft_in_the_same_two_round_trips(reviewer, settings, monkeypatch):
    """The reviewers' page records verdicts with ``clear_draft=True``: the draft's DELETE goes in the
    verdict's one write statement, so the page's verdict is as cheap as the API's."""
    from reviews.models import ReviewDraft
    from reviews.services import queue
    from reviews.services.verdicts import draft_save, verdict_record

    settings.REVIEW_SWEEP_INTERVAL_SECONDS = 3600
    monkeypatch.setattr(queue, "_last_sweep", [time.monotonic()])
    ClaimFactory.create_batch(3)
    warm = claim_assign_next(reviewer=reviewer)  # statements prepared once per connection: not counted
    verdict_record(assignment_id=warm.pk, reviewer=reviewer, verdict="speculative", clear_draft=True)
    assignment = claim_assign_next(reviewer=reviewer)
    draft_save(reviewer=reviewer, claim_id=assignment.claim_id, data={"note": "half a thought"})
    kept = draft_save(reviewer=reviewer, claim_id=warm.claim_id, data={"note": "about another claim"})
    with _RoundTrips() as verdict:
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="speculative", clear_draft=True)
    assert (len(verdict.statements), verdict.count) == (2, 2), verdict.statements
    assert "reviews_reviewdraft" in verdict.statements[-1]
    assert not ReviewDraft.objects.filter(claim_id=assignment.claim_id, reviewer=reviewer).exists()
    assert kept is not None and ReviewDraft.objects.filter(pk=kept.pk).exists(), "only this claim's draft goes"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_hand_outs_of_one_reviewer_at_once_keep_the_lease_limit(reviewer, settings):
    """The second waits for the first (its statement does not, and runs again after a statement that
    does) and counts the first one's lease: one lease, not two."""
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 1
    ClaimFactory.create_batch(2)
    first_in = threading.Event()
    let_first_commit = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                outcome["first"] = claim_assign_next(reviewer=reviewer)
                first_in.set()
                let_first_commit.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(timeout=10)
    threading.Timer(0.3, let_first_commit.set).start()  # the second hand-out is waiting by then
    started = time.monotonic()
    with pytest.raises(TooManyLeases):
        claim_assign_next(reviewer=reviewer)
    assert time.monotonic() - started >= 0.25, "the second hand-out did not wait for the first"
    thread.join()
    assert isinstance(outcome["first"], Assignment)
    assert Assignment.objects.filter(reviewer=reviewer, state=AssignmentState.ACTIVE).count() == 1


@postgresql_only
def test_a_hand_out_inside_a_callers_transaction_leaves_its_commit_durable(reviewer):
    from django.test.utils import CaptureQueriesContext

    ClaimFactory()
    assert connection.in_atomic_block  # the test's own transaction, like any caller's
    with CaptureQueriesContext(connection) as handout:
        claim_assign_next(reviewer=reviewer)
    assert not any("synchronous_commit" in query["sql"] for query in handout.captured_queries)


@pytest.mark.parametrize("fast", [True, False], ids=["postgresql-one-statement", "portable"])
def test_the_hand_out_follows_claims_open_for_in_order(reviewer, reviewer2, settings, monkeypatch, fast):
    """Both hand-outs give claims in exactly the order ``claims_open_for`` lists them, filters included."""
    if fast and not connection.features.has_select_for_update_skip_locked:
        pytest.skip("the one-statement hand-out is PostgreSQL's")
    if not fast:
        monkeypatch.setattr(connection.features, "has_select_for_update_skip_locked", False)
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 100
    now = timezone.now()
    world, politics = ArticleFactory(desk="World"), ArticleFactory(desk="Politics", required_reviews=2)
    claims = []
    for index in range(24):
        claims.append(
            ClaimFactory(
                article=world if index % 3 else politics,
                priority=(0, 0, 1, 5)[index % 4],
                deadline=None if index % 5 else now + timedelta(hours=index),
                score=round((index * 37 % 100) / 100, 2),
                required_reviews=2 if index % 3 == 0 else 1,
            )
        )
    Claim.objects.filter(pk=claims[0].pk).update(status="supported")  # decided
    Claim.objects.filter(pk=claims[1].pk).update(lease_count=1)  # its only slot is leased
    for claim, state in zip(claims[2:8], list(AssignmentState), strict=False):
        AssignmentFactory(claim=claim, reviewer=reviewer, state=state)  # held, done, skipped... by rita
    for reviewer_, article_id, desk in [
        (reviewer, world.pk, ""),
        (reviewer2, politics.pk, "World"),
        (reviewer, None, "Politics"),
        (reviewer2, None, ""),
    ]:
        expected = list(
            claims_open_for(reviewer=reviewer_, article_id=article_id, desk=desk).values_list("pk", flat=True)
        )
        handed = []
        for _ in expected:
            handed.append(claim_assign_next(reviewer=reviewer_, article_id=article_id, desk=desk).claim_id)
        assert handed == expected, (reviewer_.username, article_id, desk)
    assert Claim.objects.filter(lease_count__gt=0).count() > 10  # the filters did not hide everything


@postgresql_only
def test_the_one_statement_hand_out_inserts_every_column_of_the_models(reviewer):
    """Its INSERTs are the ORM's: a column added to a lease or an audit row is in them too."""
    from django.test.utils import CaptureQueriesContext

    ClaimFactory()
    with CaptureQueriesContext(connection) as handout:
        claim_assign_next(reviewer=reviewer)
    [statement] = [query["sql"] for query in handout.captured_queries if "picked (id) AS" in query["sql"]]
    for model in (Assignment, AuditEvent):
        columns = [
            connection.ops.quote_name(field.column)
            for field in model._meta.local_concrete_fields
            if not field.primary_key
        ]
        table = connection.ops.quote_name(model._meta.db_table)
        assert f"INSERT INTO {table} ({', '.join(columns)}) SELECT" in statement


def test_a_hand_out_sweeps_expired_leases_at_most_once_per_interval(reviewer, reviewer2, settings, monkeypatch):
    from reviews.services import queue

    settings.REVIEW_SWEEP_INTERVAL_SECONDS = 60
    monkeypatch.setattr(queue, "_last_sweep", [float("-inf")])
    sweeps: list[object] = []
    real_sweep = queue.assignment_release_expired
    monkeypatch.setattr(queue, "assignment_release_expired", lambda **kw: sweeps.append(kw) or real_sweep(**kw))
    first, second = ClaimFactory(score=0.9), ClaimFactory(score=0.1)
    held = claim_assign_next(reviewer=reviewer)
    assert held.claim == first and len(sweeps) == 1
    Assignment.objects.filter(pk=held.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    # Within the interval: no sweep, the expired lease still holds its slot for now.
    assert claim_assign_next(reviewer=reviewer2).claim == second and len(sweeps) == 1
    # A hand-out "as of" an explicit time always sweeps; so does the first one after the interval.
    Assignment.objects.filter(reviewer=reviewer2).update(state=AssignmentState.RELEASED)
    assert claim_assign_next(reviewer=reviewer2, now=timezone.now()).claim == first and len(sweeps) == 2
    monkeypatch.setattr(queue, "_last_sweep", [time.monotonic() - 61])
    queue._sweep_due()
    assert queue._last_sweep[0] > time.monotonic() - 1
