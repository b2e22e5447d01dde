"""The dashboard's rollups: fold the deltas, check them against a full recount, repair them.

The SQL lives in ``reviews/db_rollups.py`` (triggers, fold, recount). On SQLite there are no rollups
(the dashboard counts the rows themselves): every call here is a no-op there.
"""

from __future__ import annotations

from django.db import connection

from reviews import db_rollups
from reviews.db_rollups import Difference


def rollups_enabled() -> bool:
    return connection.vendor == "postgresql"


def rollups_fold() -> dict[str, int] | None:
    """Fold the committed deltas into the tallies (beat, every minute). None when skipped."""
    if not rollups_enabled():
        return None
    return db_rollups.fold()


def rollups_differences(*, limit: int | None = None) -> list[Difference]:
    """Where the rollups and a full recount disagree (empty: they are equal)."""
    if not rollups_enabled():
        return []
    return db_rollups.differences(limit=limit)


def rollups_repair() -> None:
    """Reinstall the triggers for the configured time zone and recount every rollup."""
    if rollups_enabled():
        db_rollups.rebuild()
