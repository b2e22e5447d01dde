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
