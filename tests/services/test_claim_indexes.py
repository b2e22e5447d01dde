"""The claim table carries only the indexes a reader needs: each one costs WAL on every verdict."""

from __future__ import annotations

import pytest
from django.db import connection

from reviews.models import Claim

pytestmark = pytest.mark.django_db

# index -> the reader that needs it
EXPECTED = {
    "reviews_claim_pkey": "every lookup by id",
    "claim_unique_position": "the article's claims in order (and the article foreign key)",
    "claim_pending_queue_idx": "the hand-out: one scan of the pending claims in queue order",
    "claim_status_created_idx": "the dashboard: status mix and backlog, index-only",
    "claim_disputed_updated_idx": "the dashboard's oldest disputed claim (partial: disputed rows only)",
    "claim_created_idx": "the dashboard's daily series and date filters",
    "claim_finalised_idx": "the dashboard's finalised-per-day series",
    "rereview_on": "the shelf-life beat task",
    "rereview_set_by": "deleting a user (SET NULL)",
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index names as PostgreSQL lists them")
def test_the_claim_table_has_no_redundant_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Claim._meta.db_table])
        names = {row[0] for row in cursor.fetchall()}
    unexplained = {name for name in names if not any(name == key or key in name for key in EXPECTED)}
    assert not unexplained, f"indexes no reader needs (each costs WAL on every verdict): {unexplained}"
    assert "claim_queue_idx" not in names
    assert not any(name.startswith("reviews_claim_article_id") for name in names)


# The other tables a hand-out and a verdict write: index -> the reader that needs it.
EXPECTED_ELSEWHERE = {
    "reviews_assignment": {
        "reviews_assignment_pkey": "every lookup by id",
        "reviews_assignment_claim_id": "a claim's leases, the done-by-reviewer check of the hand-out",
        "assignment_reviewer_state_idx": "a reviewer's leases (and the user foreign key)",
        "assignment_active_expiry_idx": "the expiry sweep",
        "assignment_one_active_per_reviewer_claim": "one live lease per reviewer and claim",
    },
    "reviews_review": {
        "reviews_review_pkey": "every lookup by id",
        "reviews_review_assignment_id_key": "one review per lease",
        "review_one_per_reviewer_claim": "one review per reviewer and claim (and the claim foreign key)",
        "reviews_review_reviewer_id": "a reviewer's verdicts",
        "review_created_cover_idx": "the dashboard's verdict figures",
    },
    "reviews_auditevent": {
        "reviews_auditevent_pkey": "every lookup by id",
        "reviews_auditevent_at": "the audit log, newest first",
        "reviews_auditevent_actor_id": "a user's actions (and PROTECT on deleting a user)",
        "reviews_auditevent_article_id": "an article's history",
        "audit_claim_at_idx": "a claim's history (and the claim foreign key)",
    },
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index names as PostgreSQL lists them")
@pytest.mark.parametrize("table", sorted(EXPECTED_ELSEWHERE))
def test_the_tables_a_verdict_writes_have_no_redundant_index(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        names = {row[0] for row in cursor.fetchall()}
    unexplained = {name for name in names if not any(name.startswith(key) for key in EXPECTED_ELSEWHERE[table])}
    assert not unexplained, f"indexes no reader needs (each costs WAL on every hand-out or verdict): {unexplained}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="HOT updates and fillfactor are PostgreSQL's")
def test_the_hand_out_updates_the_claim_in_place_with_room_left_on_its_page(reviewer) -> None:
    """The hand-out's ``lease_count`` update touches no indexed column (a HOT update, no index entry),
    and the table keeps room on each page for it (fillfactor)."""
    from reviews.services.queue import claim_assign_next
    from tests.factories import ClaimFactory

    ClaimFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'reviews_claim'")
        assert "fillfactor=80" in (cursor.fetchone()[0] or [])
        hot = "SELECT pg_stat_get_xact_tuples_hot_updated('reviews_claim'::regclass)"
        cursor.execute(hot)
        before = cursor.fetchone()[0]
        claim_assign_next(reviewer=reviewer)  # in the test's transaction: the counter is this transaction's
        cursor.execute(hot)
        assert cursor.fetchone()[0] == before + 1
