"""Nearest neighbours over unit vectors: an approximate index for the service, an exact one to check it.

:class:`AnnIndex` is an HNSW graph (the ``usearch`` library) over **int8-quantised** vectors: 384 bytes a
vector plus about 150 bytes of graph links, so a million claims take about 0.5 GB instead of the 1.5 GB of
float32 rows, and a query visits a few thousand vectors instead of all of them. It answers *candidates*
with approximate similarities; the matching service re-scores them exactly from the float32 vectors in
the database, so quantisation never changes a stored similarity, only which candidates are looked at.
It can be saved to a file and restored (memory-mapped or loaded) and grows by :meth:`AnnIndex.add`.

:class:`ExactIndex` is the brute-force matrix product (float32, numpy): the ground truth for recall in
the tests and the bench, and fine for a few thousand vectors.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# HNSW parameters: 12 links a node (24 on the base layer); 64 candidates kept while inserting; the search
# explores at least 128 (more when more results are asked for). Measured on clustered vectors: recall of
# the true top-5 above 0.75 is 1.0 at 10,000 vectors and >= 0.98 at a million (see benchmarks/matching.py).
CONNECTIVITY = 12
EXPANSION_ADD = 64
EXPANSION_SEARCH = 128


@dataclass(frozen=True, slots=True)
class Neighbour:
    id: int
    similarity: float


def _threads() -> int:
    """Threads for a batch add/search: the worker's cores, at most 4 (a worker shares its machine)."""
    return max(1, min(4, os.cpu_count() or 1))


class AnnIndex:
    """Approximate nearest neighbours (cosine) over int8-quantised unit vectors, keyed by integer ids."""

    def __init__(self, dimensions: int, *, _index: object | None = None) -> None:
        from usearch.index import Index

        self.dimensions = dimensions
        self._index = _index or Index(
            ndim=dimensions,
            metric="cos",
            dtype="i8",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH,
        )

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, item_id: int) -> bool:
        return bool(self._index.contains(int(item_id)))

    @property
    def memory_bytes(self) -> int:
        """What the index itself holds in memory (vectors and graph), as the library counts it."""
        return int(self._index.memory_usage)

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> int:
        """Insert rows whose ids are not in the index yet; returns how many were added."""
        if not len(ids):
            return 0
        keys = np.asarray(ids, dtype=np.uint64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        fresh = ~np.asarray(self._index.contains(keys), dtype=bool).reshape(-1)
        keys, vectors = keys[fresh], vectors[fresh]
        if len(keys) != len(np.unique(keys)):
            keys, first = np.unique(keys, return_index=True)
            vectors = vectors[first]
        if not len(keys):
            return 0
        self._index.add(keys, vectors, threads=_threads())
        return len(keys)

    def vector(self, item_id: int) -> np.ndarray | None:
        """The stored (dequantised, unit-length) vector of ``item_id``, or None."""
        found = self._index.get(int(item_id), dtype=np.float32)
        if found is None:
            return None
        found = np.asarray(found, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(found))
        return found / norm if norm else found

    def search_many(
        self,
        queries: np.ndarray,
        *,
        k: int = 5,
        min_similarity: float = -1.0,
        exclude: Sequence[Iterable[int]] | None = None,
    ) -> list[list[Neighbour]]:
        """Up to ``k`` approximate neighbours per query, best first, with approximate similarities."""
        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dimensions)
        if not len(self) or k <= 0 or not len(queries):
            return [[] for _ in range(len(queries))]
        excluded = [set(map(int, exclude[row])) if exclude else set() for row in range(len(queries))]
        count = min(len(self), k + max((len(e) for e in excluded), default=0))
        found = self._index.search(queries, count, threads=_threads())
        keys = np.asarray(found.keys).reshape(len(queries), -1)
        distances = np.asarray(found.distances).reshape(len(queries), -1)
        if hasattr(found, "counts"):  # a batch
            counts = np.asarray(found.counts).reshape(-1)
        else:  # one query comes back as a single ``Matches``
            counts = np.asarray([len(np.asarray(found.keys).reshape(-1))])
        out: list[list[Neighbour]] = []
        for row in range(len(queries)):
            neighbours: list[Neighbour] = []
            for key, distance in zip(keys[row, : counts[row]], distances[row, : counts[row]], strict=True):
                similarity = 1.0 - float(distance)
                if int(key) in excluded[row]:
                    continue
                if similarity < min_similarity or len(neighbours) >= k:
                    break
                neighbours.append(Neighbour(int(key), similarity))
            out.append(neighbours)
        return out

    def search(
        self, query: np.ndarray, *, k: int = 5, min_similarity: float = -1.0, exclude: Iterable[int] = ()
    ) -> list[Neighbour]:
        return self.search_many(np.asarray(query)[None, :], k=k, min_similarity=min_similarity, exclude=[exclude])[0]

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a temporary file renamed over it)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        self._index.save(str(partial))
        os.replace(partial, path)

    @classmethod
    def restore(cls, path: Path, *, dimensions: int) -> AnnIndex:
        """Load an index saved by :meth:`save`; raises ``ValueError`` for a file that is not one."""
        from usearch.index import Index

        loaded = Index.restore(str(path))
        if loaded is None or loaded.ndim != dimensions:
            raise ValueError(f"{path} is not a {dimensions}-dimensional usearch index")
        loaded.expansion_search = EXPANSION_SEARCH
        return cls(dimensions, _index=loaded)


class ExactIndex:
    """Exact nearest neighbours: an append-only float32 matrix and one matrix product per batch."""

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self._vectors = np.zeros((0, dimensions), dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._known: set[int] = set()

    def __len__(self) -> int:
        return self._size

    def __contains__(self, item_id: int) -> bool:
        return item_id in self._known

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> int:
        """Append rows; ids already present are skipped."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        keep = [i for i, item in enumerate(ids) if int(item) not in self._known]
        if not keep:
            return 0
        new_ids = np.asarray([ids[i] for i in keep], dtype=np.int64)
        needed = self._size + len(keep)
        if needed > len(self._vectors):
            capacity = max(needed, 2 * len(self._vectors), 1024)
            grown = np.zeros((capacity, self.dimensions), dtype=np.float32)
            grown[: self._size] = self._vectors[: self._size]
            grown_ids = np.zeros(capacity, dtype=np.int64)
            grown_ids[: self._size] = self._ids[: self._size]
            self._vectors, self._ids = grown, grown_ids
        self._vectors[self._size : needed] = vectors[keep]
        self._ids[self._size : needed] = new_ids
        self._size = needed
        self._known.update(int(i) for i in new_ids)
        return len(keep)

    def search_many(
        self,
        queries: np.ndarray,
        *,
        k: int = 5,
        min_similarity: float = -1.0,
        exclude: Sequence[Iterable[int]] | None = None,
    ) -> list[list[Neighbour]]:
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.dimensions)
        if not self._size or k <= 0:
            return [[] for _ in range(len(queries))]
        out: list[list[Neighbour]] = []
        for start in range(0, len(queries), 64):  # bounded memory: a (stored x 64) score block at a time
            block = queries[start : start + 64]
            scores = self._vectors[: self._size] @ block.T
            for column in range(len(block)):
                excluded = set(map(int, exclude[start + column])) if exclude else set()
                out.append(self._top(scores[:, column], k, min_similarity, excluded))
        return out

    def search(
        self, query: np.ndarray, *, k: int = 5, min_similarity: float = -1.0, exclude: Iterable[int] = ()
    ) -> list[Neighbour]:
        return self.search_many(np.asarray(query)[None, :], k=k, min_similarity=min_similarity, exclude=[exclude])[0]

    def _top(self, scores: np.ndarray, k: int, min_similarity: float, excluded: set[int]) -> list[Neighbour]:
        wanted = min(self._size, k + len(excluded))
        if wanted < self._size:
            top = np.argpartition(-scores, wanted - 1)[:wanted]
        else:
            top = np.arange(self._size)
        top = top[np.argsort(-scores[top], kind="stable")]
        out: list[Neighbour] = []
        for row in top:
            item = int(self._ids[row])
            similarity = float(scores[row])
            if item in excluded:
                continue
            if similarity < min_similarity or len(out) >= k:
                break
            out.append(Neighbour(item, similarity))
        return out


def recall_at_threshold(
    found: Sequence[Sequence[Neighbour]], truth: Sequence[Sequence[Neighbour]], *, min_similarity: float
) -> float:
    """Share of the true neighbours at ``min_similarity`` or more that ``found`` returned (1.0 when none)."""
    wanted = hit = 0
    for approximate, exact in zip(found, truth, strict=True):
        expected = {n.id for n in exact if n.similarity >= min_similarity}
        wanted += len(expected)
        hit += len(expected & {n.id for n in approximate})
    return hit / wanted if wanted else 1.0
