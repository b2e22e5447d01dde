"""Public fact-check pages: seed 10,000 published reviews, time a published page as a visitor gets it.

Called by ``manage.py bench`` (phase ``public``) inside its throwaway database:

    public_seed(reviews=10_000) -> number of publications
    public_page_p95_ms(rows=..., quick=...) -> p95 in ms of GET /fact-checks/<key>/ (anonymous, no cache)

Seeding writes articles, final claims and their publications with ``bulk_create`` (a correction on
every tenth, so the page's corrections query has rows to read). The pages are fetched through the Django
test client without conditional headers, so every request renders; keys are drawn at random across
the whole set.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import TextIO

from django.test import Client
from django.utils import timezone

from reviews.models import Article, Claim, ClaimStatus, Publication, PublicationCorrection, Verdict

FULL_REVIEWS = 10_000
CLAIMS_PER_ARTICLE = 50
STATUSES = (ClaimStatus.SUPPORTED, ClaimStatus.SPECULATIVE, ClaimStatus.NEEDS_SOURCE)


def public_seed(*, reviews: int, batch_size: int = 2000) -> list[str]:
    """Publish ``reviews`` final claims (straight to the tables); returns their page keys."""
    rng = random.Random(15)
    stamp = f"{time.time_ns():x}"
    now = timezone.now()
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Bench article {n}: the council's budget claims",
                source_url=f"https://news.example.org/bench/{stamp}/{n}",
                raw_text="x",
                cleaned_text="x",
                content_hash=f"bench-public-{stamp}-{n}",
            )
            for n in range(-(-reviews // CLAIMS_PER_ARTICLE))
        ],
        batch_size=batch_size,
    )
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=articles[n // CLAIMS_PER_ARTICLE],
                position=n % CLAIMS_PER_ARTICLE,
                text=f"The council said spending on roads rose by {n % 97} per cent last year.",
                start=0,
                end=1,
                score=0.9,
                suggested_status=Verdict.SUPPORTED,
                status=rng.choice(STATUSES),
                finalised_at=now,
            )
            for n in range(reviews)
        ],
        batch_size=batch_size,
    )
    keys = [f"b{stamp[-6:]}{n:06d}" for n in range(reviews)]
    publications = Publication.objects.bulk_create(
        [
            Publication(
                key=key,
                claim=claim,
                claim_text=claim.text,
                article_title=claim.article.title,
                article_url=claim.article.source_url,
                status=claim.status,
                summary="The council's published accounts show the figure; the auditor confirmed it.",
                evidence=[{"title": "Council accounts", "url": "https://council.example.org/accounts"}],
                published_at=now,
                updated_at=now,
            )
            for key, claim in zip(keys, claims, strict=True)
        ],
        batch_size=batch_size,
    )
    PublicationCorrection.objects.bulk_create(
        [
            PublicationCorrection(
                publication=publication,
                corrected_at=now,
                previous_status=ClaimStatus.SPECULATIVE,
                previous_verdict="Speculative: not established",
                previous_summary="An earlier summary.",
                status=publication.status,
                summary=publication.summary,
            )
            for publication in publications[::10]
        ],
        batch_size=batch_size,
    )
    return keys


def public_page_p95_ms(
    *, rows: int, quick: bool, progress: Callable[[int, int], None] | None = None, stderr: TextIO | None = None
) -> float:
    """p95 (ms) of an anonymous GET of a published fact-check at 10,000 published reviews (quick: fewer)."""
    count = min(rows, 500) if quick else FULL_REVIEWS
    keys = public_seed(reviews=count)
    rng = random.Random(16)
    client = Client()
    requests = 60 if quick else 300
    for key in keys[:5]:  # warm-up: templates, the rating scale row, connections
        assert client.get(f"/fact-checks/{key}/").status_code == 200
    timings = []
    cpu = time.process_time()
    for index in range(requests):
        key = rng.choice(keys)
        started = time.perf_counter()
        response = client.get(f"/fact-checks/{key}/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        if progress:
            progress(index + 1, requests)
    cpu_ms = (time.process_time() - cpu) * 1000 / requests
    timings.sort()
    if stderr is not None:
        stderr.write(
            f"  {len(keys)} published reviews; p50 {statistics.median(timings):.1f} ms, "
            f"{cpu_ms:.1f} ms of this process's CPU per page\n"
        )
    return round(timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)], 2)
