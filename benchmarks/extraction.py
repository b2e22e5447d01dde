"""Extraction and matching figures for ``manage.py bench`` (no database needed).

* ``extract_articles_per_s``: seed-size articles per second through clean + split + extract on one
  core (the gold corpus when ../shared is there, else the bundled sample and test articles).
* ``match_ms_per_claim``: milliseconds per claim, embedding and score refinement included, against
  ``rows`` stored claim vectors (default 100,000; synthetic unit vectors stand in for stored claims),
  claims embedded and matched a seed article at a time (24 claims) as the service does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from reviews.extraction.pipeline import extract_article

REPO = Path(__file__).resolve().parents[1]
_QUERIES = [
    "The council approved a $48.6 million operating budget for the 2024–25 fiscal year.",
    "Annual consumer price inflation slowed to 3.1% in December, down from a peak of 7.8%.",
    "Harlow County has recorded 27 confirmed cases of measles since Dec. 28.",
    "The state Energy Facilities Board voted 5–2 to issue the permit for the wind farm.",
    "A robotic lander touched down near the moon’s south pole on Friday.",
    "Unemployment has risen to 4.8% from 3.9% a year earlier.",
    "The bill would require companies to disclose when customers talk to an AI system.",
    "Shares in the country’s four largest lenders fell between 1% and 2.3%.",
]


def _articles() -> list[str]:
    corpus = REPO.parent / "shared" / "corpus"
    paths = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    if not paths:
        paths = sorted((REPO / "tests" / "extraction" / "data").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return texts or [(REPO / "samples" / "diplomatic-shift.txt").read_text(encoding="utf-8")]


def extract_articles_per_s(quick: bool = False) -> float:
    """Articles per second through the whole extraction pipeline, one core, warm process."""
    articles = _articles()
    extract_article(articles[0])  # load the word tables and the model weights once
    rounds = 2 if quick else 10
    started = time.perf_counter()
    count = 0
    for _ in range(rounds):
        for text in articles:
            extract_article(text)
            count += 1
    return round(count / (time.perf_counter() - started), 1)


def match_ms_per_claim(
    rows: int | None = None, quick: bool = False, progress: Callable[[int, int], None] | None = None
) -> float:
    """Mean milliseconds to embed one claim and find its nearest neighbours among ``rows`` vectors."""
    from reviews.extraction.claims import refined_claim_score
    from reviews.matching import checkworthiness, embedding
    from reviews.matching.index import ExactIndex

    # the target is stated at 100,000 stored claims; --quick (the test run) uses a fifth of that
    stored = 20_000 if quick else max(rows or 0, 100_000)
    rng = np.random.default_rng(42)
    index = ExactIndex(embedding.DIMENSIONS)
    chunk = 20_000
    for start in range(0, stored, chunk):
        size = min(chunk, stored - start)
        vectors = rng.standard_normal((size, embedding.DIMENSIONS), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index.add(list(range(start + 1, start + size + 1)), vectors)
    checkworthiness.embed_and_score(["warm up the model"])
    batches = 1 if quick else 5
    started = time.perf_counter()
    for done in range(1, batches + 1):
        # the service path: an article's claims are embedded and matched together, and their
        # scores refined in the same forward pass (shared layers 1-5, fine-tuned top layer)
        texts = _QUERIES * 3
        vectors, logits = checkworthiness.embed_and_score(texts)
        index.search_many(vectors, k=5, min_similarity=0.75)
        [refined_claim_score(text, float(logit)) for text, logit in zip(texts, logits, strict=True)]
        if progress is not None:
            progress(done, batches)
    return round((time.perf_counter() - started) * 1000 / (batches * len(_QUERIES) * 3), 2)
