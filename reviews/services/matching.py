"""Claim matching: embed claims, store the vectors, and link each claim to its precedents.

A precedent is a stored claim from another article whose embedding is close (cosine similarity at
least ``CLAIM_MATCH_MIN_SIMILARITY``, default 0.75). Vectors live in ``ClaimEmbedding`` rows (float32,
the source of truth). Each matching worker keeps an approximate index of them
(:class:`~reviews.matching.index.AnnIndex`: an inverted file over 4-bit quantised vectors, about 0.35 GB
at a million claims),
tops it up with the rows created since its watermark, and snapshots it (every
``MATCHING_INDEX_SAVE_EVERY`` new vectors) to its own folder and to the reports storage, so a restarted
or new worker loads the snapshot and reads only newer rows instead of rebuilding. The index only
proposes candidates: they are re-scored exactly from their stored float32 vectors, read in one query
with their article, so quantisation never changes a stored similarity and deleted claims drop out.

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

import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from reviews.dispatch import enqueue_on_commit
from reviews.extraction.claims import CLAIM_THRESHOLD, refined_claim_score
from reviews.learning.checkworthiness import CheckworthinessModel as NewsroomCheckworthiness
from reviews.matching import checkworthiness, embedding
from reviews.matching.index import AnnIndex, Neighbour
from reviews.models import Claim, ClaimEmbedding, ClaimMatch

logger = logging.getLogger(__name__)

_REFRESH_SLACK = timedelta(seconds=30)  # rows committed late by a concurrent transaction
_BUILD_CHUNK = 20_000  # rows read and inserted at a time while building (bounded memory)
_CANDIDATE_MARGIN = 0.05  # 4-bit similarities err by ~0.01; candidates this far below the threshold are re-scored
_VERIFY_SAMPLE = 32  # newest stored vectors compared with a loaded snapshot before it is trusted
SNAPSHOT_FORMAT = 2  # 1 was a usearch HNSW graph: such a snapshot is rebuilt


def min_similarity() -> float:
    return float(settings.CLAIM_MATCH_MIN_SIMILARITY)


def top_k() -> int:
    return int(settings.CLAIM_MATCH_TOP_K)


def _snapshot_folder() -> str:
    return f"matching-index/{embedding.MODEL_NAME}-ivf-sq4"


class _StoredIndex:
    """The process-wide index of stored embeddings: loaded from a snapshot or built once, then topped up."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: AnnIndex | None = None
        self.watermark: datetime | None = None
        self.added_since_save = 0
        self.source = ""  # "local", "shared" or "built": where this process's index came from

    def refresh(self) -> AnnIndex:
        with self.lock:
            if self.index is None:
                self._open()
            assert self.index is not None
            self.added_since_save += self._top_up(self.index)
            if self.added_since_save >= max(1, int(settings.MATCHING_INDEX_SAVE_EVERY)):
                self._save()
            return self.index

    def reset(self) -> None:
        with self.lock:
            self.index = None
            self.watermark = None
            self.added_since_save = 0
            self.source = ""

    # -- building and topping up -------------------------------------------------------------------

    def _top_up(self, index: AnnIndex) -> int:
        """Add the stored vectors created since the watermark (all of them without one), in chunks.

        The last ``_REFRESH_SLACK`` before the watermark is looked at again (rows committed late), by id
        and time only; vectors are read for the ids the index does not hold yet.
        """
        rows = ClaimEmbedding.objects.filter(model_name=embedding.MODEL_NAME)
        if self.watermark is None:
            return self._add_rows(index, rows)
        recent = list(
            rows.filter(created_at__gte=self.watermark - _REFRESH_SLACK).values_list("claim_id", "created_at")
        )
        missing = index.missing([claim_id for claim_id, _created in recent])
        if recent:
            self.watermark = max(self.watermark, max(created for _id, created in recent))
        if not missing:
            return 0
        return self._add_rows(index, rows.filter(claim_id__in=missing))

    def _add_rows(self, index: AnnIndex, rows: QuerySet[ClaimEmbedding]) -> int:
        added = 0
        ids: list[int] = []
        vectors: list[bytes] = []
        latest = self.watermark
        for claim_id, vector, created_at in rows.values_list("claim_id", "vector", "created_at").iterator(
            chunk_size=5000
        ):
            ids.append(claim_id)
            vectors.append(bytes(vector))
            latest = created_at if latest is None or created_at > latest else latest
            if len(ids) >= _BUILD_CHUNK:
                added += index.add(ids, _matrix(vectors))
                ids, vectors = [], []
        if ids:
            added += index.add(ids, _matrix(vectors))
        self.watermark = latest
        return added

    def _open(self) -> None:
        for source in ("local", "shared"):
            try:
                loaded = self._load(source)
            except Exception:  # a damaged or unreachable snapshot costs a rebuild, never a failure
                logger.warning("matching index: the %s snapshot could not be loaded", source, exc_info=True)
                continue
            if loaded is not None:
                self.index, self.watermark = loaded
                self.source = source
                if source == "shared":
                    self._save(shared=False)  # next restart on this machine loads it from disk
                return
        self.index, self.watermark = AnnIndex(embedding.DIMENSIONS), None
        self.source = "built"
        self.added_since_save = 0

    # -- snapshots ------------------------------------------------------------------------------------

    def _local(self, name: str) -> Path:
        return Path(settings.MATCHING_INDEX_DIR) / name

    def _load(self, source: str) -> tuple[AnnIndex, datetime] | None:
        from reviews.storage import report_file_chunks, report_file_exists

        pointer_name = f"{_snapshot_folder()}/latest.json"
        if source == "local":
            pointer_path = self._local(pointer_name)
            if not pointer_path.exists():
                return None
            pointer = json.loads(pointer_path.read_text())
            data_path = self._local(pointer["name"])
        else:
            if not settings.MATCHING_INDEX_SHARED or not report_file_exists(pointer_name):
                return None
            chunks, _size = report_file_chunks(pointer_name)
            pointer = json.loads(b"".join(chunks))
            data_path = self._local(pointer["name"])
            if not data_path.exists():
                data_path.parent.mkdir(parents=True, exist_ok=True)
                partial = data_path.with_name(f".{data_path.name}.{os.getpid()}.partial")
                chunks, _size = report_file_chunks(pointer["name"])
                with partial.open("wb") as handle:
                    for block in chunks:
                        handle.write(block)
                os.replace(partial, data_path)
        if pointer.get("format") != SNAPSHOT_FORMAT or pointer.get("dimensions") != embedding.DIMENSIONS:
            return None
        index = AnnIndex.restore(data_path, dimensions=embedding.DIMENSIONS)
        watermark = datetime.fromisoformat(pointer["watermark"])
        if not _snapshot_matches_database(index, watermark):
            logger.warning("matching index: the %s snapshot is not of this database; rebuilding", source)
            return None
        return index, watermark

    def _save(self, *, shared: bool | None = None) -> None:
        """Write a snapshot: the index file first, then the pointer naming it with its watermark.

        The pointer is one object, so a reader always gets an index with the watermark it was saved at
        (an index newer than its watermark is harmless: the top-up skips ids it already holds).
        """
        from reviews.storage import report_file_chunks, report_file_exists, report_file_store, reports_storage

        if self.index is None or self.watermark is None:
            return
        name = f"{_snapshot_folder()}/{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{len(self.index)}.index"
        pointer = {
            "format": SNAPSHOT_FORMAT,
            "name": name,
            "watermark": self.watermark.isoformat(),
            "count": len(self.index),
            "dimensions": embedding.DIMENSIONS,
        }
        pointer_name = f"{_snapshot_folder()}/latest.json"
        data_path = self._local(name)
        self.index.save(data_path)
        pointer_path = self._local(pointer_name)
        previous = json.loads(pointer_path.read_text())["name"] if pointer_path.exists() else None
        partial = pointer_path.with_name(f".latest.{os.getpid()}.partial")
        partial.write_text(json.dumps(pointer))
        os.replace(partial, pointer_path)
        if previous and previous != name:
            self._local(previous).unlink(missing_ok=True)
        self.added_since_save = 0
        if shared is False or not settings.MATCHING_INDEX_SHARED:
            return
        try:
            shared_previous = None
            if report_file_exists(pointer_name):
                chunks, _size = report_file_chunks(pointer_name)
                shared_previous = json.loads(b"".join(chunks)).get("name")
            report_file_store(name=name, path=data_path)
            report_file_store(name=pointer_name, path=pointer_path)
            if shared_previous and shared_previous != name:
                reports_storage().delete(shared_previous)
        except Exception:  # the local snapshot is written; the shared one is a convenience for other machines
            logger.warning("matching index: the shared snapshot could not be written", exc_info=True)


def _matrix(vectors: Sequence[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(vectors), dtype=np.float32).reshape(len(vectors), embedding.DIMENSIONS)


def _snapshot_matches_database(index: AnnIndex, watermark: datetime) -> bool:
    """The newest stored vectors up to the watermark are in the index with (nearly) the same direction.

    Guards against a snapshot of another database (or of a restored backup) whose ids mean other claims.
    """
    rows = list(
        ClaimEmbedding.objects.filter(model_name=embedding.MODEL_NAME, created_at__lte=watermark)
        .order_by("-created_at")
        .values_list("claim_id", "vector")[:_VERIFY_SAMPLE]
    )
    if not rows:
        return len(index) == 0
    return all(index.holds(claim_id, embedding.from_bytes(bytes(vector))) for claim_id, vector in rows)


_stored = _StoredIndex()


def matching_index_reset() -> None:
    """Forget the in-memory index (tests; after a bulk delete). Snapshots on disk are kept."""
    _stored.reset()


def matching_index_status() -> dict[str, object]:
    """What this process holds: vectors, memory, where it came from, the watermark (bench, health)."""
    index = _stored.index
    return {
        "vectors": len(index) if index is not None else 0,
        "memory_bytes": index.memory_bytes if index is not None else 0,
        "source": _stored.source,
        "watermark": _stored.watermark.isoformat() if _stored.watermark else None,
    }


def matching_index_save() -> None:
    """Write a snapshot now (the bench; an operator before a planned restart)."""
    with _stored.lock:
        _stored._save()


def claims_embed_and_match(*, claim_ids: Sequence[int]) -> dict[int, list[ClaimMatch]]:
    """Embed the claims that have no stored embedding yet, then (re)link each to its precedents."""
    claims = list(
        Claim.objects.filter(pk__in=claim_ids)
        .only("id", "text", "article_id", "score", "checkworthiness_model_id")
        .order_by("pk")
    )
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
    queries = _matrix([bytes(stored[c.pk]) for c in claims])
    found = index.search_many(
        queries, k=3 * k + 10, min_similarity=threshold - _CANDIDATE_MARGIN, exclude=[[c.pk] for c in claims]
    )
    rescored = _rescore(claims, queries, found, threshold=threshold)
    results: dict[int, list[ClaimMatch]] = {}
    with transaction.atomic():
        ClaimMatch.objects.filter(claim_id__in=[c.pk for c in claims]).delete()
        created = ClaimMatch.objects.bulk_create(
            [
                ClaimMatch(claim_id=claim.pk, matched_claim_id=n.id, similarity=round(min(1.0, n.similarity), 6))
                for claim in claims
                for n in rescored[claim.pk][:k]
            ]
        )
    for claim in claims:
        results[claim.pk] = []
    for match in created:
        results[match.claim_id].append(match)
    return results


def _rescore(
    claims: Sequence[Claim], queries: np.ndarray, found: Sequence[Sequence[Neighbour]], *, threshold: float
) -> dict[int, list[Neighbour]]:
    """Exact similarities of the candidates from their stored vectors; other articles only, best first."""
    wanted = {n.id for candidates in found for n in candidates}
    rows = (
        ClaimEmbedding.objects.filter(claim_id__in=wanted, model_name=embedding.MODEL_NAME).values_list(
            "claim_id", "claim__article_id", "vector"
        )
        if wanted
        else []
    )
    article_of: dict[int, int] = {}
    vector_of: dict[int, np.ndarray] = {}
    for claim_id, article_id, vector in rows:
        article_of[claim_id] = article_id
        vector_of[claim_id] = embedding.from_bytes(bytes(vector))
    out: dict[int, list[Neighbour]] = {}
    for claim, query, candidates in zip(claims, queries, found, strict=True):
        scored = [
            Neighbour(n.id, float(vector_of[n.id] @ query))
            for n in candidates
            if n.id in vector_of and article_of[n.id] != claim.article_id
        ]
        scored = [n for n in scored if n.similarity >= threshold]
        scored.sort(key=lambda n: (-n.similarity, n.id))
        out[claim.pk] = scored
    return out


def claims_refined_scores(claims: Sequence[Claim], logits: np.ndarray) -> list[Claim]:
    """Set each extractor claim's score from its text and embedding-side logit; returns the changed ones.

    A claim scored by a learned check-worthiness version is refined with that version's stacker
    (``Claim.checkworthiness_model``), so its score stays the model recorded on it.
    """
    from reviews.services.learning import checkworthiness_model_by_id

    learned: dict[int, NewsroomCheckworthiness] = {}
    changed: list[Claim] = []
    for claim, logit in zip(claims, logits, strict=True):
        if claim.score < CLAIM_THRESHOLD:
            continue
        version_id = claim.checkworthiness_model_id
        model = None
        if version_id is not None:
            if version_id not in learned:
                learned[version_id] = checkworthiness_model_by_id(version_id)
            model = learned[version_id]
        refined = refined_claim_score(claim.text, float(logit), None if model is None or model.is_shipped else model)
        score = round(min(1.0, max(CLAIM_THRESHOLD, refined)), 4)
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
    enqueue_on_commit("reviews.embed_and_match_claims", list(claim_ids))
