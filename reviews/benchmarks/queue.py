"""Queue benchmarks: seed N queued claims, then measure hand-out and verdict latency under concurrency.

Called by ``manage.py bench`` (phase ``queue``) inside its throwaway database, and usable on its own:

    queue_seed(claims=100_000) -> SeedInfo
    queue_measure(reviewers=16, handouts_per_reviewer=40) -> dict
    run(rows=..., concurrency=..., quick=...) -> {"next_claim_p50_ms", "next_claim_p95_ms",
                                                 "verdict_p95_ms", ...scale info}

Each reviewer is a thread with its own database connection (Django opens one per thread), doing
what the page does: take the next claim, record a verdict, repeat.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.utils import timezone

from reviews.models import Article, Claim, ClaimStatus, Verdict
from reviews.roles import REVIEWER

CLAIMS_PER_ARTICLE = 50
_SENTENCE = "The ministry said exports rose by 4% in the third quarter, according to official figures."


@dataclass(frozen=True)
class SeedInfo:
    articles: int
    claims: int
    seconds: float


def queue_seed(*, claims: int, required_reviews: int = 1, seed: int = 4, batch_size: int = 5000) -> SeedInfo:
    """Bulk-create ``claims`` pending claims over articles of ``CLAIMS_PER_ARTICLE``, with a realistic
    mix of priorities, deadlines and scores so the hand-out has to use its whole sort order."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
    now = timezone.now()
    stamp = f"{time.time_ns():x}"
    article_count = max(1, -(-claims // CLAIMS_PER_ARTICLE))
    text = " ".join([_SENTENCE] * CLAIMS_PER_ARTICLE)
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Bench article {index}",
                desk=rng.choice(["World", "Politics", "Business", "Science", "Sport"]),
                raw_text=text,
                cleaned_text=text,
                content_hash=f"bench-{stamp}-{index}",
                priority=rng.choice([0] * 8 + [1, 5]),
                deadline=now + timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.3 else None,
                required_reviews=required_reviews,
            )
            for index in range(article_count)
        ],
        batch_size=batch_size,
    )
    step = len(_SENTENCE) + 1
    created = 0
    batch: list[Claim] = []
    for article in articles:
        for position in range(min(CLAIMS_PER_ARTICLE, claims - created)):
            batch.append(
                Claim(
                    article=article,
                    position=position,
                    text=_SENTENCE,
                    start=position * step,
                    end=position * step + len(_SENTENCE),
                    score=round(rng.random(), 4),
                    suggested_status=rng.choice(Verdict.values),
                    priority=article.priority,
                    deadline=article.deadline,
                    required_reviews=required_reviews,
                )
            )
            created += 1
            if len(batch) >= batch_size:
                Claim.objects.bulk_create(batch)
                batch = []
    if batch:
        Claim.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reviews_claim")
            cursor.execute("ANALYZE reviews_article")
    return SeedInfo(articles=len(articles), claims=created, seconds=time.monotonic() - started)


def queue_reviewers(*, count: int) -> list[int]:
    """Create ``count`` reviewer accounts; returns their ids."""
    User = get_user_model()
    group, _ = Group.objects.get_or_create(name=REVIEWER)
    stamp = f"{time.time_ns():x}"
    users = User.objects.bulk_create([User(username=f"bench-{stamp}-{index}") for index in range(count)])
    group.user_set.add(*users)
    return [user.pk for user in users]


def _percentile(values: list[float], percentile: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(percentile) - 1]


def queue_measure(
    *,
    reviewers: int = 16,
    handouts_per_reviewer: int = 40,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, float | int | str | None]:
    """Run ``reviewers`` threads that each take a claim and record a verdict, ``handouts_per_reviewer`` times."""
    from reviews.services.queue import claim_assign_next
    from reviews.services.verdicts import EvidenceInput, verdict_record

    user_ids = queue_reviewers(count=reviewers)
    users = list(get_user_model().objects.filter(pk__in=user_ids))
    next_ms: list[float] = []
    verdict_ms: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(users))
    done = [0]
    total = len(users) * handouts_per_reviewer

    def work(user: object, index: int) -> None:
        rng = random.Random(index)  # noqa: S311
        try:
            # Warm the thread's connection so the first figure is not a connection set-up.
            Claim.objects.filter(status=ClaimStatus.PENDING).exists()
            barrier.wait()
            for _ in range(handouts_per_reviewer):
                started = time.perf_counter()
                assignment = claim_assign_next(reviewer=user)  # type: ignore[arg-type]
                taken = time.perf_counter()
                verdict = rng.choice(Verdict.values)
                verdict_record(
                    assignment_id=assignment.pk,
                    reviewer=user,  # type: ignore[arg-type]
                    verdict=verdict,
                    note="bench",
                    # The evidence gate: a link for "supported", what is missing for "needs source".
                    evidence=[EvidenceInput(url="https://example.org/bench")] if verdict == Verdict.SUPPORTED else None,
                    missing_source_kinds=["document"] if verdict == Verdict.NEEDS_SOURCE else None,
                )
                finished = time.perf_counter()
                with lock:
                    next_ms.append((taken - started) * 1000)
                    verdict_ms.append((finished - taken) * 1000)
                    done[0] += 1
                    if progress is not None:
                        progress(done[0], total)
        except Exception as error:  # noqa: BLE001 - reported in the result
            with lock:
                errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(user, index)) for index, user in enumerate(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "next_claim_p50_ms": _percentile(next_ms, 50),
        "next_claim_p95_ms": _percentile(next_ms, 95),
        "verdict_p50_ms": _percentile(verdict_ms, 50),
        "verdict_p95_ms": _percentile(verdict_ms, 95),
        "reviewers": len(users),
        "handouts": len(next_ms),
        "handouts_per_s": round(len(next_ms) / elapsed, 1) if elapsed else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "database": connection.vendor,
    }


def run(
    *,
    rows: int,
    concurrency: int,
    quick: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, float | int | str | None]:
    """The ``bench`` phase: seed ``rows`` claims, measure at 16 concurrent reviewers (``concurrency`` when quick)."""
    seeded = queue_seed(claims=rows)
    reviewers = concurrency if quick else max(16, concurrency)
    result = queue_measure(reviewers=reviewers, handouts_per_reviewer=10 if quick else 40, progress=progress)
    return {**result, "claims_queued": seeded.claims, "articles": seeded.articles, "seed_s": round(seeded.seconds, 2)}
