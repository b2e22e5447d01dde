"""Report benchmarks: seed a batch of N claims, then compile it in every format through the real task path.

Called by ``manage.py bench`` (phase ``reports``) inside its throwaway database with a real Celery worker
(``worker.pid``), and usable on its own:

    reports_seed(claims=10_000) -> ReportSeed
    reports_measure(seed, worker_pid=...) -> {"report_s_csv", ..., "report_worker_peak_mb"}
    run(rows=..., worker=...) -> the same keys

Each figure is the wall time from the request (as the editor pages make it: a Report row, enqueued on
commit) until the worker marks the report done, read from the database. The worker's peak memory is its
resident set (with any children) sampled every 50 ms while it compiles.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.models import Article, AuditAction, AuditEvent, Claim, ClaimStatus, EvidenceLink, Report, Review, Verdict

CLAIMS_PER_ARTICLE = 100
FORMATS = ("csv", "json", "jsonld", "html", "pdf")
# The report targets are set for a 10,000-claim batch; a larger bench scale (the queue's 100,000) is capped.
MAX_CLAIMS = 10_000
_SENTENCES = [
    "The ministry said exports rose by 4% in the third quarter, according to official figures.",
    "Unemployment fell to its lowest level in a decade, the minister claimed on Tuesday.",
    "Critics argue the new bridge will cost twice the announced 40 million euros.",
    "Some experts believe the policy could halve waiting times by next year.",
    "The mayor said crime dropped by a third since the cameras were installed.",
]


@dataclass(frozen=True)
class ReportSeed:
    desk: str
    articles: int
    claims: int
    seconds: float


def reports_seed(*, claims: int, seed: int = 5, batch_size: int = 5000) -> ReportSeed:
    """Bulk-create a batch of ``claims`` claims on a desk of their own: most reviewed, some disputed and
    adjudicated, with notes and evidence, so every part of the report has work to do."""
    started = time.monotonic()
    rng = random.Random(seed)  # benchmark data, not security
    stamp = f"{time.time_ns():x}"
    desk = f"bench-reports-{stamp}"
    users = get_user_model()
    reviewers = [users.objects.create(username=f"bench-rep-{stamp}-{n}") for n in range(4)]
    article_count = max(1, -(-claims // CLAIMS_PER_ARTICLE))
    sentences = [_SENTENCES[i % len(_SENTENCES)] for i in range(CLAIMS_PER_ARTICLE)]
    text = " ".join(sentences)
    offsets = []
    position = 0
    for sentence in sentences:
        offsets.append((position, position + len(sentence)))
        position += len(sentence) + 1
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Bench report article {index}",
                source_url=f"https://news.example.org/bench/{stamp}/{index}",
                desk=desk,
                raw_text=text,
                cleaned_text=text,
                content_hash=f"bench-report-{stamp}-{index}",
            )
            for index in range(article_count)
        ],
        batch_size=batch_size,
    )
    now = timezone.now()
    statuses = [ClaimStatus.SUPPORTED] * 4 + [ClaimStatus.SPECULATIVE] * 2 + [ClaimStatus.NEEDS_SOURCE] * 2
    statuses += [ClaimStatus.DISPUTED, ClaimStatus.PENDING]
    new_claims = []
    for index in range(claims):
        article = articles[index // CLAIMS_PER_ARTICLE]
        slot = index % CLAIMS_PER_ARTICLE
        start, end = offsets[slot]
        status = rng.choice(statuses)
        new_claims.append(
            Claim(
                article=article,
                position=slot,
                text=sentences[slot],
                start=start,
                end=end,
                score=round(rng.uniform(0.5, 1.0), 3),
                suggested_status=rng.choice(list(Verdict)),
                status=status,
                finalised_at=now if status not in (ClaimStatus.PENDING, ClaimStatus.DISPUTED) else None,
            )
        )
    created = Claim.objects.bulk_create(new_claims, batch_size=batch_size)
    reviews = []
    events = []
    for claim in created:
        if claim.status == ClaimStatus.PENDING:
            continue
        if claim.status == ClaimStatus.DISPUTED:
            pair = [(reviewers[0], Verdict.SUPPORTED), (reviewers[1], Verdict.SPECULATIVE)]
            events.append(
                AuditEvent(
                    action=AuditAction.STATUS_CHANGED,
                    claim=claim,
                    article_id=claim.article_id,
                    before="pending",
                    after="disputed",
                    reason="reviews disagree",
                )
            )
        else:
            pair = [(rng.choice(reviewers), Verdict(claim.status))]
        for reviewer, verdict in pair:
            reviews.append(
                Review(claim=claim, reviewer=reviewer, verdict=verdict, note=rng.choice(["", "Checked the source."]))
            )
    created_reviews = Review.objects.bulk_create(reviews, batch_size=batch_size)
    EvidenceLink.objects.bulk_create(
        [
            EvidenceLink(review=review, url=f"https://stats.example.org/{review.claim_id}", title="Official figures")
            for review in created_reviews[::3]
        ],
        batch_size=batch_size,
    )
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return ReportSeed(desk=desk, articles=article_count, claims=claims, seconds=time.monotonic() - started)


class PeakMemory:
    """Samples a process's resident memory (with its children) until stopped; ``peak_mb`` is the highest."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                rss = self.process.memory_info().rss
                rss += sum(child.memory_info().rss for child in self.process.children(recursive=True))
            except psutil.Error:
                break
            self.peak_bytes = max(self.peak_bytes, rss)
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / (1024 * 1024)


def report_compile_seconds(*, report_format: str, desk: str, timeout: float = 600.0) -> float:
    """Request a batch report of ``desk`` and wait for the worker; seconds from request to done."""
    from reviews.services.reports import report_request

    started = time.monotonic()
    today = timezone.localdate().isoformat()
    report = report_request(
        user=None,
        report_format=report_format,
        scope="batch",
        parameters={"since": today, "until": today, "desk": desk},
    )
    while time.monotonic() - started < timeout:
        state, error = Report.objects.filter(pk=report.pk).values_list("state", "error").get()
        if state == "done":
            return time.monotonic() - started
        if state == "failed":
            raise RuntimeError(f"report #{report.pk} ({report_format}) failed: {error}")
        time.sleep(0.05)
    raise TimeoutError(f"report #{report.pk} ({report_format}) not done after {timeout:g}s")


def reports_measure(
    seed: ReportSeed,
    *,
    worker_pid: int,
    formats: tuple[str, ...] = FORMATS,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, float | None]:
    results: dict[str, float | None] = {}
    with PeakMemory(worker_pid) as memory:
        for index, report_format in enumerate(formats):
            results[f"report_s_{report_format}"] = report_compile_seconds(report_format=report_format, desk=seed.desk)
            if progress:
                progress(index + 1, len(formats))
    results["report_worker_peak_mb"] = memory.peak_mb
    return results


def run(
    *,
    rows: int,
    worker: object | None = None,
    progress: Callable[[int, int], None] | None = None,
    stderr: TextIO | None = None,
) -> dict[str, float | None]:
    if worker is None:
        from benchmarks import PhaseSkipped

        raise PhaseSkipped("the reports phase needs a real Celery worker")
    seed = reports_seed(claims=min(rows, MAX_CLAIMS))
    if stderr:
        stderr.write(f"  seeded {seed.claims} claims in {seed.articles} articles in {seed.seconds:.1f}s\n")
    return reports_measure(seed, worker_pid=worker.pid, progress=progress)  # type: ignore[attr-defined]  # the phase takes the worker as object; the bench passes its process, with a pid
