"""Dashboard benchmark: seed a desk of 10,000 articles and 200,000 claims, time the page.

Seeding writes straight to the tables: PostgreSQL ``COPY ... FROM STDIN`` (psycopg), or
``bulk_create`` in large batches on SQLite. On PostgreSQL the dashboard's rollup triggers fire per
``COPY`` statement (``reviews/db_rollups.py``): the tallies are filled as in production, their
deltas left unfolded (the page reads them, so the figures are measured with the fold still to do).
The page is then rendered through the Django test client as a logged-in editor, like a browser
would ask for it, and the p95 is reported.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, reset_queries
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews.models import (
    Article,
    Claim,
    ClaimStatus,
    ClaimTally,
    ClaimTallyDelta,
    Report,
    Review,
    ReviewPair,
    ReviewSeconds,
    ReviewSecondsDelta,
    ReviewTally,
    ReviewTallyDelta,
    Verdict,
)
from reviews.roles import EDITOR, REVIEWER

ROLLUP_MODELS = (
    ClaimTally,
    ClaimTallyDelta,
    ReviewTally,
    ReviewTallyDelta,
    ReviewSeconds,
    ReviewSecondsDelta,
    ReviewPair,
)
FULL_ARTICLES = 10_000
CLAIMS_PER_ARTICLE = 20
DESKS = ("World", "Politics", "Business", "Science", "Sport", "Health")
REVIEWERS = 12
SEED_DAYS = 60
_STATUS_WEIGHTS = (
    (ClaimStatus.PENDING, 55),
    (ClaimStatus.SUPPORTED, 20),
    (ClaimStatus.NEEDS_SOURCE, 12),
    (ClaimStatus.SPECULATIVE, 9),
    (ClaimStatus.DISPUTED, 4),
)


def _copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write ``rows`` into ``model``'s table: COPY on PostgreSQL, batched INSERTs elsewhere.

    Columns not given take the model field's default (COPY does not know Django's defaults).
    """
    table = model._meta.db_table
    given = set(columns)
    defaults = {
        field.attname: field.get_default()  # what the ORM would insert: the default, "" or None
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.attname not in given
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    }
    if defaults:
        columns = [*columns, *defaults]
        as_text = connection.vendor == "postgresql"  # COPY takes JSON as text; the ORM takes Python values
        extra = [
            json.dumps(value) if as_text and isinstance(value, dict | list) else value for value in defaults.values()
        ]
        rows = ([*row, *extra] for row in rows)
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]  # psycopg's raw cursor (COPY) is behind Django's CursorWrapper, untyped there
            for row in rows:
                copy.write_row(row)
        return
    batch: list[Model] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) >= 5000:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]  # model is type[Model]; every concrete model has a manager
            batch = []
    if batch:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]  # model is type[Model]; every concrete model has a manager


def dashboard_seed(
    *,
    articles: int,
    claims_per_article: int = CLAIMS_PER_ARTICLE,
    seed: int = 20261127,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Seed ``articles`` articles with ``claims_per_article`` claims each, reviews for the settled ones."""
    rng = random.Random(seed)  # benchmark data, not security
    now = timezone.now()
    user_model = get_user_model()
    reviewer_group, editor_group = Group.objects.get(name=REVIEWER), Group.objects.get(name=EDITOR)
    reviewers = []
    for index in range(REVIEWERS):
        user, _ = user_model.objects.get_or_create(username=f"bench-reviewer-{index}")
        user.groups.add(reviewer_group)
        reviewers.append(user.pk)
    editor, _ = user_model.objects.get_or_create(username="bench-editor")
    editor.groups.add(editor_group)
    total = articles * claims_per_article
    step = 0

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, total)

    first_id = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ingested: list[datetime] = [now - timedelta(days=SEED_DAYS * (1 - index / articles)) for index in range(articles)]
    _copy_rows(
        Article,
        ["title", "source_url", "desk", "raw_text", "cleaned_text", "content_hash", "language", "ingested_at"]
        + ["priority", "required_reviews"],
        (
            [
                f"Bench article {index}",
                "",
                DESKS[index % len(DESKS)],
                f"Bench article {index}",
                f"Bench article {index}.",
                hashlib.sha256(f"bench-{seed}-{first_id}-{index}".encode()).hexdigest(),
                "en",
                ingested[index],
                0,
                2 if index % 5 == 0 else 1,
            ]
            for index in range(articles)
        ),
    )
    article_ids = list(Article.objects.filter(pk__gte=first_id).order_by("pk").values_list("pk", flat=True))
    statuses = [status for status, weight in _STATUS_WEIGHTS for _ in range(weight)]

    def claim_rows() -> Iterable[list[object]]:
        nonlocal step
        for index, article_id in enumerate(article_ids):
            created = ingested[index]
            required = 2 if index % 5 == 0 else 1
            for position in range(claims_per_article):
                status = rng.choice(statuses)
                final = status not in (ClaimStatus.PENDING, ClaimStatus.DISPUTED)
                reviewed = required if status != ClaimStatus.PENDING else 0
                settled = min(now, created + timedelta(hours=rng.uniform(1, 96)))
                step += 1
                if step % 5000 == 0:
                    tick(step)
                yield [
                    article_id,
                    position,
                    f"Claim {position} of article {article_id} says a figure rose by {position}%.",
                    0,
                    40,
                    round(rng.random(), 4),
                    rng.choice(Verdict.values),
                    json.dumps([]),
                    status,
                    0,
                    required,
                    reviewed,
                    0,
                    created,
                    settled if status != ClaimStatus.PENDING else created,
                    settled if final else None,
                ]

    _copy_rows(
        Claim,
        ["article_id", "position", "text", "start", "end", "score", "suggested_status", "cues", "status"]
        + ["priority", "required_reviews", "review_count", "lease_count", "created_at", "updated_at", "finalised_at"],
        claim_rows(),
    )
    tick(total)
    settled = Claim.objects.filter(article_id__in=article_ids).exclude(status=ClaimStatus.PENDING)
    review_rows: list[list[object]] = []
    for claim_id, status, required, updated in settled.values_list("pk", "status", "required_reviews", "updated_at"):
        chosen = rng.sample(reviewers, required)
        for order, reviewer_id in enumerate(chosen):
            if status == ClaimStatus.DISPUTED:
                verdict = Verdict.values[order % len(Verdict.values)]
            else:
                verdict = status
            review_rows.append([claim_id, reviewer_id, verdict, "", updated, updated, rng.randint(20, 600)])
    _copy_rows(
        Review,
        ["claim_id", "reviewer_id", "verdict", "note", "created_at", "updated_at", "seconds_spent"],
        review_rows,
    )
    for article_id in article_ids[-5:]:
        Report.objects.create(
            scope="article", format="csv", article_id=article_id, state="done", finished_at=now, requested_by=editor
        )
    if connection.vendor == "postgresql":
        # Fresh statistics and visibility map, as autovacuum would leave them: index-only scans.
        # VACUUM cannot run inside a transaction (a test); ANALYZE alone can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            # The dashboard's rollups (filled by triggers during the COPY) too.
            for model in (Article, Claim, Review, Report, *ROLLUP_MODELS):
                cursor.execute(f"{command} {model._meta.db_table}")
    return {"articles": len(article_ids), "claims": total, "reviews": len(review_rows)}


def dashboard_measure(*, renders: int = 30, warmup: int = 3, query: str = "") -> dict[str, float | int]:
    """Render the dashboard ``renders`` times as an editor; p50/p95 in ms and the queries of one render."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-editor"))
    url = "/editor/dashboard/" + (f"?{query}" if query else "")
    for _ in range(warmup):
        assert client.get(url).status_code == 200
    reset_queries()  # the log may hold the warm-up queries, which the request would clear mid-capture
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))]
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "queries": len(captured.captured_queries),
        "renders": renders,
    }


def dashboard_bench(
    *,
    articles: int = FULL_ARTICLES,
    claims_per_article: int = CLAIMS_PER_ARTICLE,
    renders: int = 30,
    progress: Callable[[int, int], None] | None = None,
    stderr: TextIO | None = None,
) -> dict[str, float | int | str]:
    """Seed, then time the dashboard unfiltered and filtered by desk. Returns figures and scale."""
    started = time.perf_counter()
    scale = dashboard_seed(articles=articles, claims_per_article=claims_per_article, progress=progress)
    seeded_s = time.perf_counter() - started
    if stderr is not None:
        stderr.write(f"  seeded {scale} in {seeded_s:.1f}s\n")
    plain = dashboard_measure(renders=renders)
    by_desk = dashboard_measure(renders=max(5, renders // 3), query=f"desk={DESKS[1]}&date_from=2000-01-01")
    return {
        "dashboard_p95_ms": plain["p95_ms"],
        "dashboard_p50_ms": plain["p50_ms"],
        "dashboard_filtered_p95_ms": by_desk["p95_ms"],
        "dashboard_queries": plain["queries"],
        "renders": plain["renders"],
        "seed_s": round(seeded_s, 1),
        "database": connection.vendor,
        **scale,
    }


LARGE_CLAIMS = 2_000_000


def run(
    *, rows: int, quick: bool, progress: Callable[[int, int], None], stderr: TextIO
) -> dict[str, float | int | str]:
    """The ``manage.py bench`` entry point: the full desk (10,000 articles) unless ``quick``, then more
    articles up to 2,000,000 claims (ten times that when quick) for ``dashboard_p95_ms_2m``."""
    articles = max(10, rows // CLAIMS_PER_ARTICLE) if quick else FULL_ARTICLES
    figures = dashboard_bench(articles=articles, renders=10 if quick else 30, progress=progress, stderr=stderr)
    large = articles * 10 if quick else LARGE_CLAIMS // CLAIMS_PER_ARTICLE
    started = time.perf_counter()
    more = dashboard_seed(articles=large - articles, seed=20261206, progress=progress)
    if stderr is not None:
        stderr.write(f"  seeded {more} more (COPY) in {time.perf_counter() - started:.1f}s\n")
    at_scale = dashboard_measure(renders=5 if quick else 10, warmup=1)
    return {
        **figures,
        "dashboard_desk_p95_ms": figures["dashboard_filtered_p95_ms"],
        "dashboard_p95_ms_2m": at_scale["p95_ms"],
        "claims_2m": large * CLAIMS_PER_ARTICLE,
    }
