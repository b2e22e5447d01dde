"""Claim matching: embed claims, store the vectors, and link each claim to its precedents.

A precedent is a stored claim from another article whose embedding is close (cosine similarity at
least ``CLAIM_MATCH_MIN_SIMILARITY``, default 0.75). Vectors live in ``ClaimEmbedding`` rows; each
process keeps an in-memory :class:`~reviews.matching.index.VectorIndex` of them and tops it up with
rows created since its last refresh, so a query is one embedding plus one matrix-vector product.

The same pass refines each claim's check-worthiness ``score``: ingest stores the fast sparse score
(no embedding model on the request path); when the claim is embedded, the same forward pass gives the
embedding-side logit (MiniLM's layers 1-5 shared, a fine-tuned copy of layer 6 on top:
``reviews.matching.checkworthiness``) and the score becomes the sparse logit stacked with it
(``reviews.extraction.model.combined_logit``), in
the claims' half [0.5, 1] as before, so claim-ness and every ``score >= 0.5`` reader are unaffected and
only the order among claims (review queue, score filters, exports) sharpens. It is a recomputation
from the claim's text, not an editorial change: ``updated_at`` and the audit trail are
left alone (nothing in the codebase audits scores), and a claim scored below 0.5 (not the
extractor's) is not touched.

Idempotent: the refined score is saved before the vector, so a claim with a stored vector already has
its refined score; re-running reuses the stored vector (no forward pass, the score is left as it is)
and replaces the match rows. Without the fine-tuned weights the vectors are still computed and stored
and the scores stay the sparse ones.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import transaction

from reviews.extraction.claims import CLAIM_THRESHOLD, refined_claim_score
from reviews.matching import checkworthiness, embedding
from reviews.matching.index import VectorIndex
from reviews.models import Claim, ClaimEmbedding, ClaimMatch

_REFRESH_SLACK = timedelta(seconds=30)  # rows committed late by a concurrent transaction


def min_similarity() -> float:
    return float(settings.CLAIM_MATCH_MIN_SIMILARITY)


def top_k() -> int:
    return int(settings.CLAIM_MATCH_TOP_K)


class _StoredIndex:
    """The process-wide index of stored embeddings, refreshed incrementally from the database."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index = VectorIndex(embedding.DIMENSIONS)
        self.article_of: dict[int, int] = {}
        self.watermark = None

    def refresh(self) -> VectorIndex:
        with self.lock:
            rows = ClaimEmbedding.objects.filter(model_name=embedding.MODEL_NAME)
            if self.watermark is not None:
                rows = rows.filter(created_at__gte=self.watermark - _REFRESH_SLACK)
            ids: list[int] = []
            vectors: list[np.ndarray] = []
            latest = self.watermark
            for claim_id, article_id, vector, created_at in rows.values_list(
                "claim_id", "claim__article_id", "vector", "created_at"
            ).iterator(chunk_size=5000):
                if claim_id in self.index:
                    continue
                ids.append(claim_id)
                vectors.append(embedding.from_bytes(bytes(vector)))
                self.article_of[claim_id] = article_id
                latest = created_at if latest is None or created_at > latest else latest
            if ids:
                self.index.add(ids, np.vstack(vectors))
            self.watermark = latest
            return self.index

    def reset(self) -> None:
        with self.lock:
            self.index = VectorIndex(embedding.DIMENSIONS)
            self.article_of = {}
            self.watermark = None


_stored = _StoredIndex()


def matching_index_reset() -> None:
    """Forget the in-memory index (tests; after a bulk delete)."""
    _stored.reset()


def claims_embed_and_match(*, claim_ids: Sequence[int]) -> dict[int, list[ClaimMatch]]:
    """Embed the claims that have no stored embedding yet, then (re)link each to its precedents."""
    claims = list(Claim.objects.filter(pk__in=claim_ids).only("id", "text", "article_id", "score").order_by("pk"))
    if not claims:
        return {}
    stored = dict(
        ClaimEmbedding.objects.filter(claim_id__in=[c.pk for c in claims], model_name=embedding.MODEL_NAME).values_list(
            "claim_id", "vector"
        )
    )
    missing = [c for c in claims if c.pk not in stored]
    if missing:
        texts = [c.text for c in missing]
        if checkworthiness.available():
            fresh, logits = checkworthiness.embed_and_score(texts)
            # the scores first: a failure before the vectors are stored re-does both on the retry
            refined = claims_refined_scores(missing, logits)
            if refined:
                Claim.objects.bulk_update(refined, ["score"])
        else:
            fresh = embedding.embed(texts)
        ClaimEmbedding.objects.bulk_create(
            [
                ClaimEmbedding(
                    claim_id=c.pk,
                    model_name=embedding.MODEL_NAME,
                    dimensions=embedding.DIMENSIONS,
                    vector=embedding.to_bytes(vector),
                )
                for c, vector in zip(missing, fresh, strict=True)
            ],
            ignore_conflicts=True,
        )
        stored.update({c.pk: embedding.to_bytes(v) for c, v in zip(missing, fresh, strict=True)})
    index = _stored.refresh()
    threshold, k = min_similarity(), top_k()
    results: dict[int, list[ClaimMatch]] = {}
    queries = np.vstack([embedding.from_bytes(bytes(stored[c.pk])) for c in claims])
    found = index.search_many(queries, k=3 * k + 10, min_similarity=threshold, exclude=[[c.pk] for c in claims])
    with transaction.atomic():
        for claim, candidates in zip(claims, found, strict=True):
            neighbours = [n for n in candidates if _stored.article_of.get(n.id) != claim.article_id][:k]
            ClaimMatch.objects.filter(claim_id=claim.pk).delete()
            results[claim.pk] = ClaimMatch.objects.bulk_create(
                [
                    ClaimMatch(claim_id=claim.pk, matched_claim_id=n.id, similarity=round(min(1.0, n.similarity), 6))
                    for n in neighbours
                ]
            )
    return results


def claims_refined_scores(claims: Sequence[Claim], logits: np.ndarray) -> list[Claim]:
    """Set each extractor claim's score from its text and embedding-side logit; returns the changed ones."""
    changed: list[Claim] = []
    for claim, logit in zip(claims, logits, strict=True):
        if claim.score < CLAIM_THRESHOLD:
            continue
        score = round(min(1.0, max(CLAIM_THRESHOLD, refined_claim_score(claim.text, float(logit)))), 4)
        if score != claim.score:
            claim.score = score
            changed.append(claim)
    return changed


def claim_embed_and_match(*, claim_id: int) -> list[ClaimMatch]:
    """Embed one claim (if needed) and store its precedents, best first."""
    return claims_embed_and_match(claim_ids=[claim_id]).get(claim_id, [])


def claim_matches_enqueue(*, claim_ids: Sequence[int]) -> None:
    """Queue matching for new claims once the surrounding transaction commits."""
    if not claim_ids or not settings.CLAIM_MATCHING_ENABLED:
        return
    from reviews.tasks import embed_and_match_claims

    ids = list(claim_ids)
    transaction.on_commit(lambda: embed_and_match_claims.delay(ids))
