"""Matching at a million claims: the approximate index built from the database, its recall and memory,
and the service path per claim.

The vectors are synthetic (embedding a million sentences here would take over an hour) but clustered
like paraphrases, so that true neighbours above the 0.75 threshold exist: :func:`clustered_vectors`
draws one random unit *centre* per 40 vectors, and each vector is ``normalise(centre + r * u)`` with
``u`` a random unit direction and ``r`` uniform in [0.35, 0.75]. Two members of a cluster then have a
cosine of about ``1 / sqrt((1 + r1^2)(1 + r2^2))``, from 0.89 down to 0.64: some of a claim's cluster
is above the threshold, some below, and unrelated vectors are near 0 (384 dimensions).

Seeding writes articles, claims and ``ClaimEmbedding`` rows with ``COPY`` (PostgreSQL; batched
``bulk_create`` elsewhere), 20 claims an article, cluster members spread over articles.

* ``match_index_build_s_1m``: a fresh process-wide index built from the table (read in chunks, added).
* ``match_index_rss_mb_1m``: the process's resident memory after the build minus before it (no model
  is loaded: the service path below re-uses stored vectors).
* ``match_index_recall_1m``: over 500 query claims, the share of their true top-5 neighbours at 0.75 or
  more (brute force over all vectors, other articles only) that the service stored as precedents.
* ``match_ms_per_claim_1m``: ``claims_embed_and_match`` on articles of 20 stored claims (its database
  read of the claims and vectors, the top-up query, the index search, the exact re-scoring read and the
  precedent rows written), in milliseconds per claim.

Index options measured on this clustered million (outside Django, 500 queries, 25 candidates re-scored
exactly unless said; CPU seconds because the 2-core machine was shared by 7 sessions, load 11-18):

=========================  ========  ===========  =========  ============  ===========================
option                     recall    build (CPU)  RSS delta  search (CPU)  note
=========================  ========  ===========  =========  ============  ===========================
usearch HNSW i8, M=12      0.998*    101 s*       193 MB*    1.2 ms*       * at 200,000: ~10 min CPU
                                                                           and ~890 MB at a million
faiss IVF1024 SQ8, 8 pr.   0.956     31 s         480-552    0.42 ms
faiss IVF1024 SQ8, 16 pr.  0.979     (same)       (same)     0.83 ms
faiss IVF1024 SQ8, 32 pr.  0.985     (same)       (same)     1.9 ms
faiss IVF1024 SQ6, 32 pr.  0.985     33 s         447 MB     1.6 ms
faiss IVF1024 SQ4, 16 pr.  0.979     32 s         336 MB     0.83 ms
faiss IVF1024 SQ4, 32 pr.  0.985     (same)       (same)     1.75 ms      chosen (reviews/matching/index.py)
faiss IVF1024 PQ48, 32 pr. 0.971     72 s         166 MB     1.1 ms       48-byte codes; 50 candidates:
                                                                           0.985 (twice the re-scoring)
=========================  ========  ===========  =========  ============  ===========================

Through the service in a full ``bench`` (SQ4, loaded machine, wall clock): recall 0.994 (2417 of 2432),
RSS 250 MB (library count 200 MB), build 216 s wall, 22.97 ms a claim wall; snapshot saved in 0.6 s
and loaded by a restart in 1.1 s.

Recall is capped by the lists probed (a true neighbour filed under a centre not among the query's 32
nearest), not by the codes: SQ4, SQ6, SQ8 (25 candidates) and PQ48 (50) all reach 0.985 at 32 probes. SQ4 keeps 25
candidates (one re-scoring read of 500 rows an article) at 60% of SQ8's memory; PQ48 is the next step
down in memory if needed, at twice the re-scoring read and twice the build time (training the codebooks).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import TextIO

import numpy as np

CLUSTER_SIZE = 40
CLAIMS_PER_ARTICLE = 20
FULL_VECTORS = 1_000_000
QUICK_VECTORS = 4_000


def clustered_vectors(
    total: int, *, dimensions: int = 384, seed: int = 16, chunk: int = 50_000
) -> Iterator[np.ndarray]:
    """The synthetic clustered set, ``total`` unit vectors in blocks of ``chunk`` rows (deterministic)."""
    clusters = max(1, total // CLUSTER_SIZE)
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dimensions), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    for start in range(0, total, chunk):
        size = min(chunk, total - start)
        # members of a cluster are spread over the whole id range, so over many articles
        cluster = (np.arange(start, start + size, dtype=np.int64) * 7919) % clusters
        noise = rng.standard_normal((size, dimensions), dtype=np.float32)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        radius = rng.uniform(0.35, 0.75, size=(size, 1)).astype(np.float32)
        block = centres[cluster] + radius * noise
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        yield block


def matching_seed(*, total: int, progress: Callable[[int, int], None] | None = None) -> list[int]:
    """Articles, claims and their stored embeddings (the clustered set); returns the claim ids in order."""
    from django.db import connection
    from django.utils import timezone

    from benchmarks.dashboard import _copy_rows
    from reviews.matching import embedding
    from reviews.models import Article, Claim, ClaimEmbedding

    now = timezone.now() - timedelta(hours=1)  # stored earlier, as a million claims would have been
    articles = -(-total // CLAIMS_PER_ARTICLE)
    first_article = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    stamp = time.time_ns()
    _copy_rows(
        Article,
        ["title", "source_url", "desk", "raw_text", "cleaned_text", "content_hash", "language", "ingested_at"]
        + ["priority", "required_reviews"],
        (
            [f"Match article {i}", "", "World", "text", "text.", f"match-{stamp}-{i}", "en", now, 0, 1]
            for i in range(articles)
        ),
    )
    article_ids = list(Article.objects.filter(pk__gte=first_article).order_by("pk").values_list("pk", flat=True))
    first_claim = (Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    _copy_rows(
        Claim,
        ["article_id", "position", "text", "start", "end", "score", "suggested_status", "cues", "status"]
        + ["priority", "required_reviews", "review_count", "lease_count", "created_at", "updated_at"],
        (
            [article_ids[i // CLAIMS_PER_ARTICLE], i % CLAIMS_PER_ARTICLE, f"Claim {i}.", 0, 8, 0.9, "needs_source"]
            + ["[]", "supported", 0, 1, 1, 0, now, now]
            for i in range(total)
        ),
    )
    claim_ids = list(Claim.objects.filter(pk__gte=first_claim).order_by("pk").values_list("pk", flat=True))
    done = 0

    def rows() -> Iterable[list[object]]:
        nonlocal done
        for block in clustered_vectors(total, dimensions=embedding.DIMENSIONS):
            for vector in block:
                # embedded one a second up to an hour ago, as a newsroom's million would have been (the
                # workers' top-up re-reads the last 30 s before their watermark: ~30 rows, not a million)
                created = now - timedelta(seconds=total - done)
                yield [claim_ids[done], embedding.MODEL_NAME, embedding.DIMENSIONS, vector.tobytes(), created]
                done += 1
            if progress is not None:
                progress(done, total)

    table = ClaimEmbedding._meta.db_table
    if connection.vendor == "postgresql":
        columns = "claim_id, model_name, dimensions, vector, created_at"
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:  # type: ignore[attr-defined]  # psycopg's raw cursor (COPY) is behind Django's CursorWrapper, untyped there
                copy.set_types(["int8", "varchar", "int2", "bytea", "timestamptz"])
                for row in rows():
                    copy.write_row(row)
            for model in (Article, Claim, ClaimEmbedding):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    else:
        batch: list[ClaimEmbedding] = []
        for claim_id, model_name, dimensions, vector, _created in rows():
            batch.append(ClaimEmbedding(claim_id=claim_id, model_name=model_name, dimensions=dimensions, vector=vector))
            if len(batch) >= 5000:
                ClaimEmbedding.objects.bulk_create(batch)
                batch = []
        ClaimEmbedding.objects.bulk_create(batch)
    return claim_ids


def _rss_mb() -> float:
    import ctypes

    import psutil

    gc.collect()
    with contextlib.suppress(OSError):  # freed heap pages go back: RSS counts what is held, not malloc's spare
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return psutil.Process(os.getpid()).memory_info().rss / 2**20


def _truth(
    queries: np.ndarray, query_rows: np.ndarray, *, total: int, min_similarity: float, k: int
) -> list[list[tuple[int, float]]]:
    """Brute force over the whole set (regenerated block by block): each query's top-k rows at the
    threshold or more, from other articles, as (row, similarity)."""
    above: list[list[tuple[int, float]]] = [[] for _ in range(len(queries))]
    start = 0
    for block in clustered_vectors(total, dimensions=queries.shape[1]):
        scores = block @ queries.T
        rows, columns = np.nonzero(scores >= min_similarity)
        for row, column in zip(rows, columns, strict=True):
            global_row = start + int(row)
            if global_row // CLAIMS_PER_ARTICLE != int(query_rows[column]) // CLAIMS_PER_ARTICLE:
                above[column].append((global_row, float(scores[row, column])))
        start += len(block)
    return [sorted(found, key=lambda item: (-item[1], item[0]))[:k] for found in above]


def run(*, quick: bool, progress: Callable[[int, int], None], stderr: TextIO) -> dict[str, float | int | str | None]:
    """Seed the clustered million (4,000 when quick), build, measure recall, memory and the service path."""
    from django.conf import settings

    from reviews.models import ClaimMatch
    from reviews.services import matching

    total = QUICK_VECTORS if quick else FULL_VECTORS
    started = time.perf_counter()
    claim_ids = matching_seed(total=total, progress=progress)
    stderr.write(f"  seeded {total:,} claims with clustered vectors in {time.perf_counter() - started:.1f}s\n")
    settings.MATCHING_INDEX_SAVE_EVERY = 10**12  # the build is timed alone; the snapshot below
    settings.MATCHING_INDEX_SHARED = False
    matching.matching_index_reset()
    before = _rss_mb()
    started = time.perf_counter()
    matching._stored.refresh()
    build_s = time.perf_counter() - started
    rss_mb = _rss_mb() - before
    status = matching.matching_index_status()
    stderr.write(
        f"  index: {status['vectors']:,} vectors, library count {int(status['memory_bytes']) / 2**20:.0f} MB\n"
    )
    started = time.perf_counter()
    matching.matching_index_save()
    save_s = time.perf_counter() - started
    matching.matching_index_reset()
    started = time.perf_counter()
    matching._stored.refresh()
    load_s = time.perf_counter() - started
    stderr.write(
        f"  snapshot saved in {save_s:.1f}s, a restart loads it in {load_s:.1f}s ({matching._stored.source})\n"
    )

    rng = np.random.default_rng(5)
    articles = total // CLAIMS_PER_ARTICLE
    chosen = rng.choice(articles, size=min(25, articles), replace=False)
    query_rows = np.concatenate([np.arange(a * CLAIMS_PER_ARTICLE, (a + 1) * CLAIMS_PER_ARTICLE) for a in chosen])
    matching.claims_embed_and_match(claim_ids=[claim_ids[int(r)] for r in query_rows[:CLAIMS_PER_ARTICLE]])  # warm
    timings: list[float] = []
    for batch_start in range(0, len(query_rows), CLAIMS_PER_ARTICLE):
        batch = [claim_ids[int(r)] for r in query_rows[batch_start : batch_start + CLAIMS_PER_ARTICLE]]
        began = time.perf_counter()
        matching.claims_embed_and_match(claim_ids=batch)
        timings.append((time.perf_counter() - began) * 1000 / len(batch))
    queries = np.empty((len(query_rows), 384), dtype=np.float32)
    wanted = {int(r): i for i, r in enumerate(query_rows)}
    start = 0
    for block in clustered_vectors(total):
        for row in [r for r in wanted if start <= r < start + len(block)]:
            queries[wanted[row]] = block[row - start]
        start += len(block)
    truth = _truth(queries, query_rows, total=total, min_similarity=matching.min_similarity(), k=matching.top_k())
    stored: dict[int, set[int]] = {}
    for claim_id, matched in ClaimMatch.objects.filter(
        claim_id__in=[claim_ids[int(r)] for r in query_rows]
    ).values_list("claim_id", "matched_claim_id"):
        stored.setdefault(claim_id, set()).add(matched)
    expected = hit = 0
    for column, row in enumerate(query_rows):
        true_ids = {claim_ids[r] for r, _ in truth[column]}
        expected += len(true_ids)
        hit += len(true_ids & stored.get(claim_ids[int(row)], set()))
    recall = hit / expected if expected else None
    stderr.write(f"  recall: {hit}/{expected} true top-5 neighbours at >= 0.75 found over {len(query_rows)} claims\n")
    timings.sort()
    return {
        "match_index_build_s_1m": round(build_s, 2),
        "match_index_rss_mb_1m": round(rss_mb, 1),
        "match_index_recall_1m": round(recall, 4) if recall is not None else None,
        "match_ms_per_claim_1m": round(float(np.mean(timings)), 3),
        "match_index_vectors": int(status["vectors"]),
        "match_index_save_s": round(save_s, 2),
        "match_index_load_s": round(load_s, 2),
    }
