"""Queue benchmarks: seed N queued claims, then measure hand-out and verdict latency under concurrency.

Called by ``manage.py bench`` (phase ``queue``) inside its throwaway database, and usable on its own:

    queue_seed(claims=100_000) -> SeedInfo
    queue_measure(reviewers=16, handouts_per_reviewer=30, think_s=(0.25, 1.0)) -> dict
    queue_measure_recusals(recusals=50, handouts=100) -> dict
    run(rows=..., concurrency=..., quick=...) -> {"next_claim_p50_ms", "next_claim_p95_ms",
                                                 "verdict_p95_ms", ..., "next_claim_p95_ms_recusals"}

Each reviewer is its own **process** with its own database connection, as in production where
several web worker processes serve the reviewers (16 threads in one Python process would measure
the interpreter lock of the benchmark, not the queue). A reviewer does what the page does: take
the next claim, record a verdict, repeat.

Two runs, both at 16 concurrent reviewers on the same 100,000-claim queue:

* **paced** (the headline keys ``next_claim_p50_ms``, ``next_claim_p95_ms``, ``verdict_p95_ms``):
  before each action a reviewer pauses a random 0.25-1 s. That is already several times faster
  than a person can read a claim in context and look for a source (the HTTP load test in
  ``bin/loadtest`` uses 1-2 s), and it keeps all 16 reviewers' requests overlapping at random.
* **saturated** (``*_saturated`` keys): no pause at all, every reviewer fires the next request the
  moment the last one answers. That measures the machine's capacity (``queue_handouts_per_s_saturated``),
  and the latencies are mostly time spent waiting for a CPU: by Little's law a cycle takes
  16 / throughput, whatever the queue does.

Every reviewer first runs one unmeasured cycle (its connection open, the once-per-process statements
compiled, as in a web process that has served before), then all start together; throughput counts from
that start to the last verdict. The bench command runs with DEBUG off, as deployed.
* **recusals** (``next_claim_p95_ms_recusals``): one reviewer with 50 recusals (people's names,
  matched as whole words in every claim's and article's text) takes 100 claims in a row.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.utils import timezone

from reviews.models import Article, Claim, Verdict
from reviews.roles import REVIEWER

CLAIMS_PER_ARTICLE = 50
_SENTENCE = "The ministry said exports rose by 4% in the third quarter, according to official figures."
# Each article ends with a byline from this pool: the recusal run is recused from a few of them.
BYLINES = [f"Reporting by Dana Writer{index:02d}." for index in range(40)]


@dataclass(frozen=True)
class SeedInfo:
    articles: int
    claims: int
    seconds: float


def queue_seed(*, claims: int, required_reviews: int = 1, seed: int = 4, batch_size: int = 5000) -> SeedInfo:
    """Bulk-create ``claims`` pending claims over articles of ``CLAIMS_PER_ARTICLE``, with a realistic
    mix of priorities, deadlines and scores so the hand-out has to use its whole sort order."""
    started = time.monotonic()
    rng = random.Random(seed)  # benchmark data, not security
    now = timezone.now()
    stamp = f"{time.time_ns():x}"
    article_count = max(1, -(-claims // CLAIMS_PER_ARTICLE))
    body = " ".join([_SENTENCE] * CLAIMS_PER_ARTICLE)
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Bench article {index}",
                desk=rng.choice(["World", "Politics", "Business", "Science", "Sport"]),
                raw_text=f"{body} {BYLINES[index % len(BYLINES)]}",
                cleaned_text=f"{body} {BYLINES[index % len(BYLINES)]}",
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
    handouts_per_reviewer: int = 30,
    think_s: tuple[float, float] = (0.25, 1.0),
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, float | int | str | None]:
    """Run ``reviewers`` processes that each take a claim and record a verdict, ``handouts_per_reviewer``
    times, pausing a random ``think_s`` seconds before each action."""
    user_ids = queue_reviewers(count=reviewers)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    barrier = context.Barrier(len(user_ids))
    # A forked child must never share its parent's database socket: close ours first, each
    # child opens its own.
    connections.close_all()
    processes = [
        context.Process(
            target=_reviewer_process,
            args=(user_id, index, handouts_per_reviewer, think_s, barrier, results),
            daemon=True,
        )
        for index, user_id in enumerate(user_ids)
    ]
    next_ms: list[float] = []
    verdict_ms: list[float] = []
    errors: list[str] = []
    total = len(user_ids) * handouts_per_reviewer
    # Throughput counts from the moment every reviewer is ready (the barrier) to the last verdict: the
    # forks, connections and warm-up cycles before it are not the queue's capacity.
    started: float | None = None
    last_cycle = 0.0
    for process in processes:
        process.start()
    finished = 0
    while finished < len(processes):
        try:
            message = results.get(timeout=600)
        except queue.Empty:
            errors.append("a reviewer process stopped answering")
            break
        kind = message[0]
        if kind == "go":
            started = message[1] if started is None else min(started, message[1])
        elif kind == "cycles":
            for handout_ms, verdict_took_ms, ended in message[1]:
                next_ms.append(handout_ms)
                verdict_ms.append(verdict_took_ms)
                last_cycle = max(last_cycle, ended)
            if progress is not None:
                progress(len(next_ms), total)
        elif kind == "error":
            errors.append(message[1])
        else:
            finished += 1
    elapsed = last_cycle - started if started is not None and last_cycle > started else 0.0
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    return {
        "next_claim_p50_ms": _percentile(next_ms, 50),
        "next_claim_p95_ms": _percentile(next_ms, 95),
        "verdict_p50_ms": _percentile(verdict_ms, 50),
        "verdict_p95_ms": _percentile(verdict_ms, 95),
        "reviewers": len(user_ids),
        "handouts": len(next_ms),
        "handouts_per_s": round(len(next_ms) / elapsed, 1) if elapsed else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "database": connection.vendor,
    }


def _reviewer_process(
    user_id: int,
    index: int,
    handouts: int,
    think_s: tuple[float, float],
    barrier: Any,
    results: Any,
) -> None:
    """One reviewer, in its own process: ``handouts`` times take the next claim and give a verdict."""
    from reviews.services.queue import claim_assign_next
    from reviews.services.verdicts import EvidenceInput, verdict_record

    rng = random.Random(index)  # benchmark pacing, not security

    def think() -> None:
        low, high = think_s
        if high > 0:
            time.sleep(rng.uniform(low, high))

    try:
        user = get_user_model().objects.get(pk=user_id)
        # One unmeasured cycle first, as a web process that has served before: the connection is open
        # and the statements compiled once per process are compiled, so no figure is a set-up.
        warm = claim_assign_next(reviewer=user)
        verdict_record(assignment_id=warm.pk, reviewer=user, verdict=Verdict.SPECULATIVE, note="bench warm-up")
        barrier.wait(timeout=120)
        results.put(("go", time.monotonic()))
        # Timings go to the parent in batches, about one a second (and the rest at the end): a message per
        # cycle would wake this process's queue feeder thread and the parent's progress bar on every cycle,
        # CPU taken from the reviewers on a saturated machine that no web process spends.
        cycles: list[tuple[float, float, float]] = []
        sent_at = time.monotonic()
        for _ in range(handouts):
            think()
            started = time.perf_counter()
            assignment = claim_assign_next(reviewer=user)
            taken = time.perf_counter()
            think()
            verdict = rng.choice(Verdict.values)
            verdict_started = time.perf_counter()
            verdict_record(
                assignment_id=assignment.pk,
                reviewer=user,
                verdict=verdict,
                note="bench",
                # The evidence gate: a link for "supported", what is missing for "needs source".
                evidence=[EvidenceInput(url="https://example.org/bench")] if verdict == Verdict.SUPPORTED else None,
                missing_source_kinds=["document"] if verdict == Verdict.NEEDS_SOURCE else None,
            )
            finished = time.perf_counter()
            ended = time.monotonic()
            cycles.append(((taken - started) * 1000, (finished - verdict_started) * 1000, ended))
            if ended - sent_at >= 1.0:
                results.put(("cycles", cycles))
                cycles, sent_at = [], ended
        results.put(("cycles", cycles))
    except Exception as error:  # reported in the result
        results.put(("error", f"{type(error).__name__}: {error}"))
    finally:
        connections.close_all()
        results.put(("done",))


def queue_measure_recusals(*, recusals: int = 50, handouts: int = 100) -> dict[str, float | int | None]:
    """One reviewer with ``recusals`` declared recusals takes ``handouts`` claims one after another
    (skipping each, so the queue moves on). Two of the terms name bylines of the seeded articles
    (5 % of them); the rest are names no article has, or only inside a longer word ("Writer0" is
    in no byline as a whole word). Checks that no recused claim is handed out."""
    from reviews.services.queue import assignment_release, claim_assign_next
    from reviews.services.recusals import recusal_declare

    User = get_user_model()
    [user_id] = queue_reviewers(count=1)
    user = User.objects.get(pk=user_id)
    recused = ["Dana Writer00", "Dana Writer20"]
    terms = [*recused, "Writer0", "Dana Writ", *(f"Person Surname{index}" for index in range(recusals))]
    for term in terms[:recusals]:
        recusal_declare(user=user, reviewer_id=user.pk, kind="person", term=term)
    timings: list[float] = []
    for _ in range(handouts):
        started = time.perf_counter()
        assignment = claim_assign_next(reviewer=user)
        timings.append((time.perf_counter() - started) * 1000)
        text = Article.objects.filter(claims=assignment.claim_id).values_list("cleaned_text", flat=True).get()
        if any(text.endswith(f"Reporting by {name}.") for name in recused):
            raise RuntimeError(f"claim {assignment.claim_id} was handed to a reviewer recused from its article")
        assignment_release(assignment_id=assignment.pk, reviewer=user, skip=True)
    return {"next_claim_p95_ms_recusals": _percentile(timings, 95), "recusal_handouts": len(timings)}


def run(
    *,
    rows: int,
    concurrency: int,
    quick: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, float | int | str | None]:
    """The ``bench`` phase: seed ``rows`` claims, measure 16 concurrent reviewers (``concurrency`` when
    quick), paced and then saturated (see the module docstring)."""
    seeded = queue_seed(claims=rows)
    reviewers = concurrency if quick else max(16, concurrency)
    handouts = 10 if quick else 30
    paced = queue_measure(
        reviewers=reviewers,
        handouts_per_reviewer=handouts,
        think_s=(0.0, 0.02) if quick else (0.25, 1.0),
        progress=progress,
    )
    # Saturated cycles take milliseconds: 30 each would be about a second of measurement, where one
    # checkpoint moves the p95; 150 each (2,400 in all) are several seconds.
    saturated = queue_measure(
        reviewers=reviewers, handouts_per_reviewer=handouts if quick else 150, think_s=(0.0, 0.0), progress=progress
    )
    if paced["errors"] or saturated["errors"]:
        raise RuntimeError(f"reviewers failed: {paced['first_error'] or saturated['first_error']}")
    recused = queue_measure_recusals(recusals=50, handouts=20 if quick else 100)
    return {
        **paced,
        "queue_handouts_per_s": paced["handouts_per_s"],
        "next_claim_p95_ms_saturated": saturated["next_claim_p95_ms"],
        "verdict_p95_ms_saturated": saturated["verdict_p95_ms"],
        "queue_handouts_per_s_saturated": saturated["handouts_per_s"],
        "next_claim_p95_ms_recusals": recused["next_claim_p95_ms_recusals"],
        "claims_queued": seeded.claims,
        "articles": seeded.articles,
        "seed_s": round(seeded.seconds, 2),
    }
