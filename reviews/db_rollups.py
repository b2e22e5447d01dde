"""The dashboard's rollups on PostgreSQL: triggers that write deltas, the fold, the recount and the repair.

Plain SQL triggers, installed by a migration, like ``reviews/db_audit.py`` (no django-pgtrigger):

- claim INSERT / DELETE (per statement, from the transition table: one grouped INSERT for a whole
  ingest or a COPY of millions) and claim UPDATE (per row, only ``WHEN`` a counted column changed:
  a hand-out, which moves ``lease_count`` alone, does not even call the function) write +n / -n rows
  into ``reviews_claimtallydelta``;
- review INSERT / DELETE (per statement) and UPDATE (per row, when the verdict or time changes)
  write ``reviews_reviewtallydelta`` rows and keep ``reviews_reviewpair`` (one row per two reviews of
  a claim round);
- an article's desk change moves its claims' and reviews' counts to the new desk.

Days are the newsroom's days (``settings.TIME_ZONE``, the zone ``TruncDate`` groups the dashboard
by), written into the functions when they are installed; the read path uses the rollups only while
every trigger is installed and enabled and counts days in the configured zone.

``fold()`` moves the committed deltas into the tally rows (beat task ``reviews.fold_rollups``);
``differences()`` compares tally + unfolded deltas and the pair rows with a full recount;
``rebuild()`` recounts everything (locking out writers for the time it takes).
"""

# ruff: noqa: S608 - SQL built from fixed identifiers and the configured time zone (quoted); values are parameters
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import connection, transaction

CLAIM_KEY = ("desk", "status", "created_day", "finalised_day", "reviewed")
REVIEW_KEY = ("desk", "day", "reviewer_id", "verdict")
SECONDS_KEY = ("desk", "day", "reviewer_id", "span")
# The seconds histogram of one (desk, day, reviewer, span) is one number (``ReviewSeconds.counts``):
# the reviews that took ``span * SECONDS_SPAN + i`` seconds are counted in the i-th group of
# ``SECONDS_DIGITS`` decimal digits from the right. Adding two such numbers adds the histograms, so
# the triggers, the fold and the recount keep it with SUM like any count, and a reviewer's window is
# a few dozen rows whatever the number of reviews. 10,000 groups of 9 digits: 90,000 digits, within
# PostgreSQL's numeric (131,072 before the point); a single review's number is a 1 and zeros, which
# numeric stores in a few bytes. Exact while no reviewer has a billion reviews of the same length
# in one window.
SECONDS_SPAN = 10_000
SECONDS_DIGITS = 9
PAIR_COLUMNS = (
    "claim_id",
    "review_round",
    "desk",
    "review_a_id",
    "review_b_id",
    "reviewer_a_id",
    "reviewer_b_id",
    "verdict_a",
    "verdict_b",
    "first_at",
    "last_at",
    "crowded",
)
FOLD_LOCK = 720_261_206  # pg_try_advisory_xact_lock key: one fold at a time


def _day(column: str, time_zone: str) -> str:
    zone = time_zone.replace("'", "''")
    return f"(({column}) AT TIME ZONE '{zone}')::date"


def _packed_seconds(seconds: str, count: str = "1") -> str:
    """SQL: ``count`` reviews of ``seconds`` seconds as a packed histogram (see SECONDS_SPAN)."""
    return f"({count} * ('1e' || {SECONDS_DIGITS} * (({seconds}) % {SECONDS_SPAN}))::numeric)"


def _seconds_rows(source: str, review_day: str, sign: str = "") -> str:
    """SQL: the packed histograms of the reviews in ``source`` (alias r, joined to c and a), per key.

    Counted per second first (integers), then packed and summed: one numeric addition per distinct
    duration, not per review (a COPY of a million reviews)."""
    return f"""
            SELECT desk, day, reviewer_id, seconds / {SECONDS_SPAN}, {sign}SUM({_packed_seconds("seconds", "n")})
            FROM (
                SELECT a.desk, {review_day} AS day, r.reviewer_id, r.seconds_spent AS seconds, COUNT(*) AS n
                FROM {source} r JOIN reviews_claim c ON c.id = r.claim_id JOIN reviews_article a ON a.id = c.article_id
                WHERE r.seconds_spent IS NOT NULL
                GROUP BY 1, 2, 3, 4
            ) counted
            GROUP BY 1, 2, 3, 4"""


def _claim_values(alias: str, time_zone: str) -> str:
    return (
        f"{alias}.status, {_day(f'{alias}.created_at', time_zone)}, "
        f"{_day(f'{alias}.finalised_at', time_zone)}, {alias}.review_count > 0"
    )


def _pairs_select(source: str, time_zone: str, *, dedupe: str = "") -> str:
    """Pair rows for the reviews in ``source`` (alias n) with the other reviews of their claim round."""
    a_first = "n.reviewer_id < o.reviewer_id"
    return f"""
        SELECT n.claim_id, n.review_round, a.desk,
               CASE WHEN {a_first} THEN n.id ELSE o.id END,
               CASE WHEN {a_first} THEN o.id ELSE n.id END,
               LEAST(n.reviewer_id, o.reviewer_id), GREATEST(n.reviewer_id, o.reviewer_id),
               CASE WHEN {a_first} THEN n.verdict ELSE o.verdict END,
               CASE WHEN {a_first} THEN o.verdict ELSE n.verdict END,
               LEAST(n.created_at, o.created_at), GREATEST(n.created_at, o.created_at),
               EXISTS (
                   SELECT 1 FROM reviews_review t
                   WHERE t.claim_id = n.claim_id AND t.review_round = n.review_round AND t.id <> n.id AND t.id <> o.id
               )
        FROM {source} n
        JOIN reviews_review o
          ON o.claim_id = n.claim_id AND o.review_round = n.review_round AND o.reviewer_id <> n.reviewer_id
        JOIN reviews_claim c ON c.id = n.claim_id
        JOIN reviews_article a ON a.id = c.article_id
        {dedupe}"""


# Two reviews inserted by one statement make their pair once (from the later one).
_NEW_PAIRS_ONCE = "WHERE NOT EXISTS (SELECT 1 FROM added x WHERE x.id = o.id AND x.id > n.id)"


def _crowded_sync(claims: str) -> str:
    """SQL: set ``crowded`` (the round has three reviews or more) on the pair rows of ``claims``' rounds
    where it changed; a round of two, the usual case, is two index probes and no write."""
    round_size = (
        "(SELECT COUNT(*) FROM reviews_review r WHERE r.claim_id = p.claim_id AND r.review_round = p.review_round)"
    )
    return f"""
            UPDATE reviews_reviewpair p SET crowded = {round_size} >= 3
            WHERE p.claim_id IN ({claims}) AND p.crowded IS DISTINCT FROM ({round_size} >= 3);"""


def install_statements(time_zone: str) -> list[str]:
    claim_cols = ", ".join(CLAIM_KEY) + ", n"
    review_cols = ", ".join(REVIEW_KEY) + ", n"
    seconds_cols = ", ".join(SECONDS_KEY) + ", counts"
    pair_cols = ", ".join(PAIR_COLUMNS)
    review_day = _day("r.created_at", time_zone)
    new_row = (
        "(SELECT NEW.id AS id, NEW.claim_id AS claim_id, NEW.review_round AS review_round, "
        "NEW.reviewer_id AS reviewer_id, NEW.verdict AS verdict, NEW.created_at AS created_at)"
    )
    functions = {
        "reviews_rollup_claim_insert": f"""
            INSERT INTO reviews_claimtallydelta ({claim_cols})
            SELECT a.desk, {_claim_values("c", time_zone)}, COUNT(*)
            FROM added c JOIN reviews_article a ON a.id = c.article_id
            GROUP BY 1, 2, 3, 4, 5;""",
        "reviews_rollup_claim_delete": f"""
            INSERT INTO reviews_claimtallydelta ({claim_cols})
            SELECT a.desk, {_claim_values("c", time_zone)}, -COUNT(*)
            FROM removed c JOIN reviews_article a ON a.id = c.article_id
            GROUP BY 1, 2, 3, 4, 5;""",
        "reviews_rollup_claim_update": f"""
            INSERT INTO reviews_claimtallydelta ({claim_cols})
            SELECT a.desk, {_claim_values("OLD", time_zone)}, -1 FROM reviews_article a WHERE a.id = OLD.article_id
            UNION ALL
            SELECT a.desk, {_claim_values("NEW", time_zone)}, 1 FROM reviews_article a WHERE a.id = NEW.article_id;""",
        # The article's claims are locked first (FOR SHARE: waits for a verdict in flight on one of
        # them, which read the old desk, and holds new ones off), then counted in a fresh snapshot.
        "reviews_rollup_article_desk": f"""
            PERFORM 1 FROM reviews_claim WHERE article_id = NEW.id FOR SHARE;
            INSERT INTO reviews_claimtallydelta ({claim_cols})
            SELECT d.desk, {_claim_values("c", time_zone)}, d.sign * COUNT(*)
            FROM reviews_claim c CROSS JOIN (VALUES (OLD.desk, -1), (NEW.desk, 1)) AS d (desk, sign)
            WHERE c.article_id = NEW.id
            GROUP BY d.desk, d.sign, 2, 3, 4, 5;
            INSERT INTO reviews_reviewtallydelta ({review_cols})
            SELECT d.desk, {review_day}, r.reviewer_id, r.verdict, d.sign * COUNT(*)
            FROM reviews_review r JOIN reviews_claim c ON c.id = r.claim_id
            CROSS JOIN (VALUES (OLD.desk, -1), (NEW.desk, 1)) AS d (desk, sign)
            WHERE c.article_id = NEW.id
            GROUP BY d.desk, d.sign, 2, 3, 4;
            INSERT INTO reviews_reviewsecondsdelta ({seconds_cols})
            SELECT d.desk, day, reviewer_id, seconds / {SECONDS_SPAN}, SUM({_packed_seconds("seconds", "d.sign * n")})
            FROM (
                SELECT {review_day} AS day, r.reviewer_id, r.seconds_spent AS seconds, COUNT(*) AS n
                FROM reviews_review r JOIN reviews_claim c ON c.id = r.claim_id
                WHERE c.article_id = NEW.id AND r.seconds_spent IS NOT NULL
                GROUP BY 1, 2, 3
            ) counted
            CROSS JOIN (VALUES (OLD.desk, -1), (NEW.desk, 1)) AS d (desk, sign)
            GROUP BY d.desk, d.sign, 2, 3, 4;
            UPDATE reviews_reviewpair SET desk = NEW.desk
            WHERE claim_id IN (SELECT id FROM reviews_claim WHERE article_id = NEW.id);""",
        "reviews_rollup_review_insert": f"""
            INSERT INTO reviews_reviewtallydelta ({review_cols})
            SELECT a.desk, {review_day}, r.reviewer_id, r.verdict, COUNT(*)
            FROM added r JOIN reviews_claim c ON c.id = r.claim_id JOIN reviews_article a ON a.id = c.article_id
            GROUP BY 1, 2, 3, 4;
            INSERT INTO reviews_reviewsecondsdelta ({seconds_cols})
            {_seconds_rows("added", review_day)};
            INSERT INTO reviews_reviewpair ({pair_cols})
            {_pairs_select("added", time_zone, dedupe=_NEW_PAIRS_ONCE)};
            IF EXISTS (SELECT 1 FROM added a JOIN reviews_review r
                       ON r.claim_id = a.claim_id AND r.review_round = a.review_round AND r.id <> a.id) THEN
                {_crowded_sync("SELECT claim_id FROM added")}
            END IF;""",
        "reviews_rollup_review_delete": f"""
            INSERT INTO reviews_reviewtallydelta ({review_cols})
            SELECT a.desk, {review_day}, r.reviewer_id, r.verdict, -COUNT(*)
            FROM removed r JOIN reviews_claim c ON c.id = r.claim_id JOIN reviews_article a ON a.id = c.article_id
            GROUP BY 1, 2, 3, 4;
            INSERT INTO reviews_reviewsecondsdelta ({seconds_cols})
            {_seconds_rows("removed", review_day, sign="-")};
            DELETE FROM reviews_reviewpair p USING removed r
            WHERE p.claim_id = r.claim_id AND (p.review_a_id = r.id OR p.review_b_id = r.id);
            {_crowded_sync("SELECT claim_id FROM removed")}""",
        "reviews_rollup_review_update": f"""
            INSERT INTO reviews_reviewtallydelta ({review_cols})
            SELECT a.desk, {_day("OLD.created_at", time_zone)}, OLD.reviewer_id, OLD.verdict, -1
            FROM reviews_claim c JOIN reviews_article a ON a.id = c.article_id WHERE c.id = OLD.claim_id
            UNION ALL
            SELECT a.desk, {_day("NEW.created_at", time_zone)}, NEW.reviewer_id, NEW.verdict, 1
            FROM reviews_claim c JOIN reviews_article a ON a.id = c.article_id WHERE c.id = NEW.claim_id;
            INSERT INTO reviews_reviewsecondsdelta ({seconds_cols})
            SELECT a.desk, {_day("OLD.created_at", time_zone)}, OLD.reviewer_id, OLD.seconds_spent / {SECONDS_SPAN},
                   -{_packed_seconds("OLD.seconds_spent")}
            FROM reviews_claim c JOIN reviews_article a ON a.id = c.article_id
            WHERE c.id = OLD.claim_id AND OLD.seconds_spent IS NOT NULL
            UNION ALL
            SELECT a.desk, {_day("NEW.created_at", time_zone)}, NEW.reviewer_id, NEW.seconds_spent / {SECONDS_SPAN},
                   {_packed_seconds("NEW.seconds_spent")}
            FROM reviews_claim c JOIN reviews_article a ON a.id = c.article_id
            WHERE c.id = NEW.claim_id AND NEW.seconds_spent IS NOT NULL;
            DELETE FROM reviews_reviewpair
            WHERE claim_id = OLD.claim_id AND (review_a_id = OLD.id OR review_b_id = OLD.id);
            INSERT INTO reviews_reviewpair ({pair_cols})
            {_pairs_select(new_row, time_zone)};
            IF OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.review_round IS DISTINCT FROM NEW.review_round THEN
                {_crowded_sync("OLD.claim_id, NEW.claim_id")}
            END IF;""",
    }
    triggers = {
        "reviews_rollup_claim_insert": (
            "AFTER INSERT ON reviews_claim REFERENCING NEW TABLE AS added FOR EACH STATEMENT"
        ),
        "reviews_rollup_claim_delete": (
            "AFTER DELETE ON reviews_claim REFERENCING OLD TABLE AS removed FOR EACH STATEMENT"
        ),
        "reviews_rollup_claim_update": (
            "AFTER UPDATE ON reviews_claim FOR EACH ROW WHEN ("
            "OLD.status IS DISTINCT FROM NEW.status OR OLD.finalised_at IS DISTINCT FROM NEW.finalised_at "
            "OR (OLD.review_count > 0) IS DISTINCT FROM (NEW.review_count > 0) "
            "OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.article_id IS DISTINCT FROM NEW.article_id)"
        ),
        "reviews_rollup_article_desk": (
            "AFTER UPDATE OF desk ON reviews_article FOR EACH ROW WHEN (OLD.desk IS DISTINCT FROM NEW.desk)"
        ),
        "reviews_rollup_review_insert": (
            "AFTER INSERT ON reviews_review REFERENCING NEW TABLE AS added FOR EACH STATEMENT"
        ),
        "reviews_rollup_review_delete": (
            "AFTER DELETE ON reviews_review REFERENCING OLD TABLE AS removed FOR EACH STATEMENT"
        ),
        "reviews_rollup_review_update": (
            "AFTER UPDATE ON reviews_review FOR EACH ROW WHEN ("
            "OLD.verdict IS DISTINCT FROM NEW.verdict OR OLD.created_at IS DISTINCT FROM NEW.created_at "
            "OR OLD.reviewer_id IS DISTINCT FROM NEW.reviewer_id OR OLD.claim_id IS DISTINCT FROM NEW.claim_id "
            "OR OLD.review_round IS DISTINCT FROM NEW.review_round "
            "OR OLD.seconds_spent IS DISTINCT FROM NEW.seconds_spent)"
        ),
    }
    statements = []
    for name, body in functions.items():
        table = triggers[name].split(" ON ")[1].split()[0]
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}\n"
            "    RETURN NULL;\nEND;\n$$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} {triggers[name]} EXECUTE FUNCTION {name}()",
        ]
    return statements


TRIGGER_TABLES = {
    "reviews_rollup_claim_insert": "reviews_claim",
    "reviews_rollup_claim_delete": "reviews_claim",
    "reviews_rollup_claim_update": "reviews_claim",
    "reviews_rollup_article_desk": "reviews_article",
    "reviews_rollup_review_insert": "reviews_review",
    "reviews_rollup_review_delete": "reviews_review",
    "reviews_rollup_review_update": "reviews_review",
}
UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in TRIGGER_TABLES.items()),
    *(f"DROP FUNCTION IF EXISTS {name}()" for name in TRIGGER_TABLES),
]


def _execute(statements: list[str], *, using: object = None) -> None:
    conn = using or connection
    with conn.cursor() as cursor:  # type: ignore[attr-defined]  # using is a connection passed as object by RunPython callers
        for statement in statements:
            cursor.execute(statement)


# --- recount ----------------------------------------------------------------------------------------


def _claim_recount_sql(time_zone: str) -> str:
    return f"""
        SELECT a.desk, {_claim_values("c", time_zone)}, COUNT(*)
        FROM reviews_claim c JOIN reviews_article a ON a.id = c.article_id
        GROUP BY 1, 2, 3, 4, 5"""


def _review_recount_sql(time_zone: str) -> str:
    return f"""
        SELECT a.desk, {_day("r.created_at", time_zone)}, r.reviewer_id, r.verdict, COUNT(*)
        FROM reviews_review r JOIN reviews_claim c ON c.id = r.claim_id JOIN reviews_article a ON a.id = c.article_id
        GROUP BY 1, 2, 3, 4"""


def _seconds_recount_sql(time_zone: str) -> str:
    return _seconds_rows("reviews_review", _day("r.created_at", time_zone))


def _pair_recount_sql(time_zone: str) -> str:
    return _pairs_select("reviews_review", time_zone, dedupe="WHERE n.reviewer_id < o.reviewer_id")


def installed_time_zone() -> str | None:
    """The zone the installed triggers count days in (read from their source); None when one is missing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), MIN(p.prosrc) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal AND t.tgname = ANY(%s) AND t.tgenabled <> 'D'",
            [list(TRIGGER_TABLES)],
        )
        count, source = cursor.fetchone()
    found = re.search(r"AT TIME ZONE '((?:[^']|'')*)'", source or "")
    if count != len(TRIGGER_TABLES) or found is None:
        return None
    return found.group(1).replace("''", "'")


def rebuild(*, time_zone: str | None = None) -> None:
    """Reinstall the triggers for ``time_zone`` (default: the configured one) and recount every rollup.

    Writers to claims, reviews and articles wait for the recount (SHARE locks); readers do not.
    """
    zone = time_zone or settings.TIME_ZONE
    with transaction.atomic():
        _execute(
            [
                "LOCK TABLE reviews_article, reviews_claim, reviews_review IN SHARE MODE",
                *install_statements(zone),
                "DELETE FROM reviews_claimtallydelta",
                "DELETE FROM reviews_claimtally",
                "DELETE FROM reviews_reviewtallydelta",
                "DELETE FROM reviews_reviewtally",
                "DELETE FROM reviews_reviewsecondsdelta",
                "DELETE FROM reviews_reviewseconds",
                "DELETE FROM reviews_reviewpair",
                f"INSERT INTO reviews_claimtally ({', '.join(CLAIM_KEY)}, n) {_claim_recount_sql(zone)}",
                f"INSERT INTO reviews_reviewtally ({', '.join(REVIEW_KEY)}, n) {_review_recount_sql(zone)}",
                f"INSERT INTO reviews_reviewseconds ({', '.join(SECONDS_KEY)}, counts) {_seconds_recount_sql(zone)}",
                f"INSERT INTO reviews_reviewpair ({', '.join(PAIR_COLUMNS)}) {_pair_recount_sql(zone)}",
            ]
        )


def fold() -> dict[str, int] | None:
    """Move the committed deltas into the tally rows; None when another fold holds the lock.

    One transaction: a reader sees the deltas either still in the delta table or already in the
    tallies, never both or neither. Deltas of transactions not yet committed are not visible to the
    DELETE and stay for the next fold.
    """
    folded: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
        if not cursor.fetchone()[0]:
            return None
        for tally, key, n in (
            ("reviews_claimtally", CLAIM_KEY, "n"),
            ("reviews_reviewtally", REVIEW_KEY, "n"),
            ("reviews_reviewseconds", SECONDS_KEY, "counts"),
        ):
            columns = ", ".join(key)
            cursor.execute(
                f"""
                WITH moved AS (DELETE FROM {tally}delta RETURNING {columns}, {n})
                INSERT INTO {tally} ({columns}, {n})
                SELECT {columns}, SUM({n}) FROM moved GROUP BY {columns}
                ON CONFLICT ON CONSTRAINT {tally.removeprefix("reviews_")}_key
                DO UPDATE SET {n} = {tally}.{n} + EXCLUDED.{n}"""
            )
            folded[tally.removeprefix("reviews_")] = cursor.rowcount
            cursor.execute(f"DELETE FROM {tally} WHERE {n} = 0")
    return folded


@dataclass(frozen=True)
class Difference:
    rollup: str
    key: tuple[object, ...]
    kept: int  # what the rollup says (tally + unfolded deltas; 1/0 for a pair row)
    recounted: int


def _compare_counts(
    cursor: object, tally: str, key: tuple[str, ...], recount: str, *, n: str = "n"
) -> list[Difference]:
    columns = ", ".join(key)
    sql = f"""
        SELECT {columns}, SUM(kept), SUM(recounted) FROM (
            SELECT {columns}, {n} AS kept, 0 AS recounted FROM {tally}
            UNION ALL SELECT {columns}, {n}, 0 FROM {tally}delta
            UNION ALL SELECT {columns}, 0, count FROM ({recount}) r ({columns}, count)
        ) t
        GROUP BY {columns} HAVING SUM(kept) <> SUM(recounted)
        ORDER BY 1, 2, 3, 4"""
    cursor.execute(sql)  # type: ignore[attr-defined]  # cursor comes from a connection passed as object
    return [
        Difference(rollup=tally.removeprefix("reviews_"), key=tuple(row[:-2]), kept=row[-2], recounted=row[-1])
        for row in cursor.fetchall()  # type: ignore[attr-defined]  # cursor comes from a connection passed as object
    ]


def unpack_seconds(span: int, packed: object) -> list[tuple[int, int]]:
    """(seconds, how many reviews) of one packed histogram (a ``ReviewSeconds.counts``, or a sum of
    them as an integer, a Decimal or its text), in increasing seconds, the zero counts left out."""
    digits = str(packed)
    if digits.startswith("-") or not digits.isdigit():
        raise ValueError(f"not a packed histogram: {digits[:40]!r}")
    found = []
    first = span * SECONDS_SPAN
    for index, end in enumerate(range(len(digits), 0, -SECONDS_DIGITS)):
        n = int(digits[max(0, end - SECONDS_DIGITS) : end])
        if n:
            found.append((first + index, n))
    return found


def _seconds_differences(packed: list[Difference]) -> list[Difference]:
    """Differences of packed histograms, per duration: (desk, day, reviewer, seconds), kept, recounted."""
    found = []
    for difference in packed:
        *key, span = difference.key
        try:
            kept = dict(unpack_seconds(int(str(span)), difference.kept))
            recounted = dict(unpack_seconds(int(str(span)), difference.recounted))
        except ValueError:  # a negative sum is no histogram: report the packed numbers as they are
            found.append(difference)
            continue
        for seconds in sorted(kept.keys() | recounted.keys()):
            if kept.get(seconds, 0) != recounted.get(seconds, 0):
                found.append(
                    replace(
                        difference,
                        key=(*key, seconds),
                        kept=kept.get(seconds, 0),
                        recounted=recounted.get(seconds, 0),
                    )
                )
    return found


def differences(*, limit: int | None = None) -> list[Difference]:
    """Every key where the rollups (tally + unfolded deltas, pair rows) and a full recount disagree.

    Read in one REPEATABLE READ snapshot, so concurrent writes (whose deltas commit with them) do
    not show as differences. A time zone other than the configured one is reported as a difference.
    """
    found: list[Difference] = []
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:  # inside a caller's transaction, its snapshot rules
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        zone = installed_time_zone()
        if zone != settings.TIME_ZONE:
            return [Difference(rollup="triggers", key=("time zone", zone, settings.TIME_ZONE), kept=0, recounted=1)]
        found += _compare_counts(cursor, "reviews_claimtally", CLAIM_KEY, _claim_recount_sql(zone))
        found += _compare_counts(
            cursor,
            "reviews_reviewtally",
            REVIEW_KEY,
            _review_recount_sql(zone),
        )
        found += _seconds_differences(
            _compare_counts(cursor, "reviews_reviewseconds", SECONDS_KEY, _seconds_recount_sql(zone), n="counts")
        )
        columns = ", ".join(PAIR_COLUMNS)
        cursor.execute(
            f"""
            WITH kept AS (SELECT {columns} FROM reviews_reviewpair),
                 recounted AS ({_pair_recount_sql(zone)})
            SELECT 'kept', * FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM recounted) extra
            UNION ALL
            SELECT 'recounted', * FROM (SELECT * FROM recounted EXCEPT ALL SELECT * FROM kept) missing
            """
        )
        for side, *row in cursor.fetchall():
            found.append(
                Difference(
                    rollup="reviewpair",
                    key=tuple(row),
                    kept=1 if side == "kept" else 0,
                    recounted=1 if side == "recounted" else 0,
                )
            )
    return found[:limit] if limit is not None else found


# --- migration hooks --------------------------------------------------------------------------------


def install(apps: object, schema_editor: object) -> None:
    conn = schema_editor.connection  # type: ignore[attr-defined]  # schema_editor comes in as object from RunPython; it is a BaseDatabaseSchemaEditor
    if conn.vendor != "postgresql":
        return
    rebuild()


def uninstall(apps: object, schema_editor: object) -> None:
    conn = schema_editor.connection  # type: ignore[attr-defined]  # schema_editor comes in as object from RunPython; it is a BaseDatabaseSchemaEditor
    if conn.vendor != "postgresql":
        return
    _execute(UNINSTALL)
