from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Assignment, AssignmentState, AuditAction, AuditEvent, Claim
from reviews.services import statements
from reviews.services.audit import audit_event
from reviews.services.statements import Delete, Insert, Update, saves_run
from tests.factories import AssignmentFactory, ClaimFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL only")


@pytest.fixture(params=["one-statement", "one-by-one"])
def combined(request, monkeypatch) -> bool:  # type: ignore[no-untyped-def]
    if request.param == "one-statement" and not statements.one_statement_saves():
        pytest.skip("PostgreSQL's data-modifying WITH")
    if request.param == "one-by-one":
        monkeypatch.setattr(statements, "one_statement_saves", lambda: False)
    return request.param == "one-statement"


def test_saves_run_writes_what_save_writes(combined, reviewer) -> None:
    claim = ClaimFactory(status="pending", review_count=0)
    twin = ClaimFactory(status="pending", review_count=0)
    old_updated = claim.updated_at
    for target in (claim, twin):
        target.status, target.review_count = "supported", 1
    events = [
        audit_event(action=AuditAction.VERDICT_RECORDED, actor=reviewer, claim=claim, after="x", data={"a": [1]}),
        audit_event(action=AuditAction.STATUS_CHANGED, claim=claim, before="pending", after="supported"),
    ]
    twin.save(update_fields=["status", "review_count", "updated_at"])

    assert saves_run(Update(claim, ("status", "review_count", "updated_at")), Insert(events)) == [1]

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.review_count) == ("supported", 1)
    assert stored.updated_at == claim.updated_at > old_updated  # auto_now, as save() sets it
    assert [event.pk for event in events] == sorted(event.pk for event in events)
    assert all(not event._state.adding for event in events)
    rows = list(AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk").values())
    assert [(row["action"], row["actor_id"], row["article_id"], row["data"]) for row in rows] == [
        ("verdict_recorded", reviewer.pk, claim.article_id, {"a": [1]}),
        ("status_changed", None, claim.article_id, {}),
    ]
    assert [row["at"] for row in rows] == [event.at for event in events]


def test_a_guarded_update_counts_the_rows_it_changed(combined, reviewer) -> None:
    active = AssignmentFactory(reviewer=reviewer, state=AssignmentState.ACTIVE)
    released = AssignmentFactory(reviewer=reviewer, state=AssignmentState.RELEASED)
    for lease in (active, released):
        lease.state = AssignmentState.SUBMITTED
    guard = (("state", AssignmentState.ACTIVE),)
    assert saves_run(Update(active, ("state",), only_if=guard), Update(released, ("state",), only_if=guard)) == [1, 0]
    assert dict(Assignment.objects.filter(pk__in=[active.pk, released.pk]).values_list("pk", "state")) == {
        active.pk: "submitted",
        released.pk: "released",
    }


def test_a_delete_removes_only_the_rows_it_names_and_counts_them(combined, reviewer, editor) -> None:
    from reviews.models import ReviewDraft

    claim, other = ClaimFactory(), ClaimFactory()
    mine = ReviewDraft.objects.create(claim=claim, reviewer=reviewer, data={"note": "x"})
    theirs = ReviewDraft.objects.create(claim=claim, reviewer=editor, data={"note": "y"})
    elsewhere = ReviewDraft.objects.create(claim=other, reviewer=reviewer, data={"note": "z"})
    claim.lease_count = 2
    mine_only = (("claim_id", claim.pk), ("reviewer_id", reviewer.pk))
    assert saves_run(Update(claim, ("lease_count",)), Delete(ReviewDraft, mine_only)) == [1, 1]
    assert saves_run(Delete(ReviewDraft, mine_only)) == [0]  # nothing left to delete: no refusal
    assert set(ReviewDraft.objects.values_list("pk", flat=True)) == {theirs.pk, elsewhere.pk}
    assert not ReviewDraft.objects.filter(pk=mine.pk).exists()
    assert Claim.objects.get(pk=claim.pk).lease_count == 2


@postgresql_only
def test_saves_run_is_one_statement_and_its_insert_has_every_column_of_the_model(reviewer) -> None:
    claim = ClaimFactory()
    claim.lease_count = 1
    event = audit_event(action=AuditAction.STATUS_CHANGED, actor=reviewer, claim=claim)
    with CaptureQueriesContext(connection) as captured:
        saves_run(Update(claim, ("lease_count",)), Insert([event]))
    [statement] = [query["sql"] for query in captured.captured_queries]
    columns = [connection.ops.quote_name(f.column) for f in AuditEvent._meta.local_concrete_fields if not f.primary_key]
    assert f'INSERT INTO "reviews_auditevent" ({", ".join(columns)}) VALUES' in statement
    assert Claim.objects.get(pk=claim.pk).lease_count == 1 and AuditEvent.objects.filter(pk=event.pk).exists()


def _prepared_statements() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
        return cursor.fetchall()


@postgresql_only
@pytest.mark.parametrize("prepared", [True, False])
def test_the_hand_out_and_verdict_statements_are_prepared_once_per_connection(reviewer, settings, prepared) -> None:
    from reviews.services.queue import claim_assign_next
    from reviews.services.verdicts import verdict_record

    settings.DATABASE_PREPARED_STATEMENTS = prepared
    settings.REVIEW_SWEEP_INTERVAL_SECONDS = 3600
    ClaimFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # psycopg sees it and forgets what it prepared too
    for _ in range(3):
        held = claim_assign_next(reviewer=reviewer)
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="speculative")
    statements_prepared = [statement for statement, _ in _prepared_statements()]
    if not prepared:
        assert statements_prepared == []
        return
    # The reviewer's row lock (the test's transaction is the caller's: the hand-out locks it first),
    # the hand-out, the lease lookup, the verdict's writes: each prepared once.
    assert len(statements_prepared) == 4, statements_prepared
    [hand_out] = [statement for statement in statements_prepared if "picked (id) AS" in statement]
    # Its constants are written in (the partial index's ``status = 'pending'`` shows to a generic
    # plan); only the hand-out's own values are parameters.
    assert "= 'pending'" in hand_out and "$1" in hand_out


@postgresql_only
def test_a_generic_plan_of_the_hand_out_still_takes_the_best_claim(reviewer, reviewer2, settings) -> None:
    from reviews.services.queue import claim_assign_next

    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 10
    claims = [ClaimFactory(score=score, required_reviews=2) for score in (0.1, 0.9, 0.5)]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    handed = [claim_assign_next(reviewer=reviewer).claim_id for _ in claims]
    assert handed == [claims[1].pk, claims[2].pk, claims[0].pk]
    assert claim_assign_next(reviewer=reviewer2).claim_id == claims[1].pk
