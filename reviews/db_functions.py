"""Database functions the selectors need on both backends (PostgreSQL in production, SQLite embedded)."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    """The median of a numeric column, computed by the database.

    PostgreSQL: ``percentile_cont(0.5) WITHIN GROUP (ORDER BY x)``. SQLite has no median, so
    ``register_sqlite_functions`` adds one to every SQLite connection.
    """

    function = "PERCENTILE_CONT"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(
            compiler, connection, function="NEWSROOM_MEDIAN", template="%(function)s(%(expressions)s)", **extra_context
        )


class _SqliteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return float(statistics.median(self.values)) if self.values else None


def register_sqlite_functions(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """``connection_created`` receiver: teach SQLite the aggregates PostgreSQL has built in."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("NEWSROOM_MEDIAN", 1, _SqliteMedian)
