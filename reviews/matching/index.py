"""Nearest neighbours over unit vectors: an approximate index for the service, an exact one to check it.

:class:`AnnIndex` is an inverted-file index over **4-bit scalar-quantised** vectors (faiss
``IndexIVFScalarQuantizer``): k-means splits the space into ``LISTS`` cells, each vector is stored once,
as 192 bytes (half a byte a dimension) plus its 8-byte id, in the list of its nearest centre, and a
query scans the ``PROBES`` lists whose centres are nearest to it (about 3% of the vectors at the
defaults). A million claims take about 0.2 GB of codes (0.34 GB resident) instead of the 1.5 GB of
float32 rows, and there is no graph to build: adding a vector is one nearest-centre lookup, so building
from a million rows takes about 30 s of CPU where an HNSW graph took about ten minutes (see
``benchmarks/matching.py`` for the options measured). Until ``train_at`` vectors exist there is nothing
to learn centres from: they are held as float32 and searched exactly; the index trains on them once,
moves them into the lists and adds every later vector to the lists.

It answers *candidates* with approximate similarities; the matching service re-scores them exactly from
the float32 vectors in the database, so quantisation never changes a stored similarity, only which
candidates are looked at. It can be saved to one file and restored, and grows by :meth:`AnnIndex.add`.

:class:`ExactIndex` is the brute-force matrix product (float32, numpy): the ground truth for recall in
the tests and the bench, and fine for a few thousand vectors.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

# 1024 cells; 32 of them scanned per query (about 31,000 vectors at a million). Trained on the first
# 40 * LISTS vectors (faiss wants at least 39 a centre). Measured on the clustered million of the bench:
# recall of the true top-5 above 0.75 (25 candidates, exact re-scoring) 0.985 with 32 probes (0.979 with
# 16), the same with 4-, 6- or 8-bit codes: the lists probed cap it, and the exact re-scoring makes up for
# the coarser codes. See benchmarks/matching.py for every option measured.
LISTS = 1024
PROBES = 32
POINTS_PER_LIST = 40
_MAGIC = b"newsroom-ivf-sq4 1\n"


@dataclass(frozen=True, slots=True)
class Neighbour:
    id: int
    similarity: float


def _threads() -> int:
    """Threads for a batch add/search: the worker's cores, at most 4 (a worker shares its machine)."""
    return max(1, min(4, os.cpu_count() or 1))


class _IdSet:
    """The ids held, as a sorted int64 array (8 bytes an id; a Python set of a million ints is ~60 MB)."""

    def __init__(self, ids: np.ndarray | None = None) -> None:
        self.ids = np.sort(ids.astype(np.int64)) if ids is not None else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        if not len(self.ids):
            return np.zeros(len(keys), dtype=bool)
        at = np.minimum(np.searchsorted(self.ids, keys), len(self.ids) - 1)
        return np.asarray(self.ids[at] == keys)

    def add(self, keys: np.ndarray) -> None:
        # timsort ("stable") merges the two sorted runs in linear time
        self.ids = np.sort(np.concatenate([self.ids, np.sort(keys)]), kind="stable")


class AnnIndex:
    """Approximate nearest neighbours (cosine, i.e. inner product of unit vectors), keyed by integer ids."""

    def __init__(self, dimensions: int, *, lists: int | None = None, probes: int | None = None) -> None:
        self.dimensions = dimensions
        self.lists = lists or LISTS
        self.probes = min(self.lists, probes or PROBES)
        self.train_at = POINTS_PER_LIST * self.lists
        self._ivf: object | None = None  # faiss.IndexIVFScalarQuantizer once trained
        self._pending_ids = np.zeros(0, dtype=np.int64)  # before training: float32, searched exactly
        self._pending = np.zeros((0, dimensions), dtype=np.float32)
        self._ids = _IdSet()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: int) -> bool:
        return bool(self._ids.contains(np.asarray([int(item_id)], dtype=np.int64))[0])

    def missing(self, ids: Sequence[int]) -> list[int]:
        """The ids of ``ids`` that the index does not hold (one vectorised lookup)."""
        keys = np.asarray(ids, dtype=np.int64).reshape(-1)
        return [int(key) for key in keys[~self._ids.contains(keys)]]

    @property
    def trained(self) -> bool:
        return self._ivf is not None

    @property
    def memory_bytes(self) -> int:
        """What the index holds: codes and ids in the lists, the centres, the id set, pending float32 rows."""
        held = self._ids.ids.nbytes + self._pending.nbytes + self._pending_ids.nbytes
        if self._ivf is not None:
            ivf = self._ivf
            held += int(ivf.ntotal) * (int(ivf.code_size) + 8) + self.lists * self.dimensions * 4  # type: ignore[attr-defined]  # _ivf is held as object (faiss is untyped and imported lazily); it is an IndexIVFScalarQuantizer
        return held

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> int:
        """Insert rows whose ids are not in the index yet; returns how many were added."""
        if not len(ids):
            return 0
        keys = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        fresh = ~self._ids.contains(keys)
        keys, vectors = keys[fresh], vectors[fresh]
        if len(keys) != len(np.unique(keys)):
            keys, first = np.unique(keys, return_index=True)
            vectors = vectors[first]
        if not len(keys):
            return 0
        self._ids.add(keys)
        if self._ivf is not None:
            self._ivf.add_with_ids(vectors, keys)  # type: ignore[attr-defined]  # _ivf is held as object (faiss is untyped and imported lazily); it is an IndexIVFScalarQuantizer
            return len(keys)
        self._pending_ids = np.concatenate([self._pending_ids, keys])
        self._pending = np.concatenate([self._pending, vectors])
        if len(self._pending_ids) >= self.train_at:
            self._train()
        return len(keys)

    def _train(self) -> None:
        """Learn the centres and the quantiser's ranges from the pending rows, then move them into the lists."""
        import faiss

        faiss.omp_set_num_threads(_threads())
        quantiser = faiss.IndexFlatIP(self.dimensions)
        ivf = faiss.IndexIVFScalarQuantizer(
            quantiser, self.dimensions, self.lists, faiss.ScalarQuantizer.QT_4bit, faiss.METRIC_INNER_PRODUCT
        )
        ivf.cp.seed = 16  # deterministic centres for the same rows
        ivf.train(self._pending)
        ivf.add_with_ids(self._pending, self._pending_ids)
        ivf.nprobe = self.probes
        self._ivf = ivf
        self._pending_ids = np.zeros(0, dtype=np.int64)
        self._pending = np.zeros((0, self.dimensions), dtype=np.float32)

    def holds(self, item_id: int, vector: np.ndarray) -> bool:
        """Whether ``item_id`` is in the index with (nearly) this unit vector (a snapshot check)."""
        if item_id not in self:
            return False
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        found = self.search_many(vector[None, :], k=16, min_similarity=0.98)[0]
        return any(n.id == int(item_id) for n in found)

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
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        if self._ivf is not None:
            import faiss

            faiss.omp_set_num_threads(_threads())
            scores, keys = self._ivf.search(queries, count)  # type: ignore[attr-defined]  # _ivf is held as object (faiss is untyped and imported lazily); it is an IndexIVFScalarQuantizer
            parts.append((np.asarray(scores), np.asarray(keys)))
        if len(self._pending_ids):
            scores = queries @ self._pending.T
            parts.append((scores, np.broadcast_to(self._pending_ids, scores.shape)))
        scores = np.hstack([p[0] for p in parts])
        keys = np.hstack([p[1] for p in parts])
        out: list[list[Neighbour]] = []
        for row in range(len(queries)):
            wanted = min(count, scores.shape[1])
            top = np.argpartition(-scores[row], wanted - 1)[:wanted] if wanted < scores.shape[1] else np.arange(wanted)
            top = top[np.argsort(-scores[row, top], kind="stable")]
            neighbours: list[Neighbour] = []
            for column in top:
                key, similarity = int(keys[row, column]), float(scores[row, column])
                if key < 0 or key in excluded[row]:
                    continue
                if similarity < min_similarity or len(neighbours) >= k:
                    break
                neighbours.append(Neighbour(key, similarity))
            out.append(neighbours)
        return out

    def search(
        self, query: np.ndarray, *, k: int = 5, min_similarity: float = -1.0, exclude: Iterable[int] = ()
    ) -> list[Neighbour]:
        return self.search_many(np.asarray(query)[None, :], k=k, min_similarity=min_similarity, exclude=[exclude])[0]

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a temporary file renamed over it): one file, streamed."""
        import faiss

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        with partial.open("wb") as handle:
            handle.write(_MAGIC)
            np.save(handle, np.asarray([self.dimensions, self.lists, self.probes], dtype=np.int64))
            np.save(handle, self._ids.ids)
            np.save(handle, self._pending_ids)
            np.save(handle, self._pending)
            if self._ivf is not None:
                faiss.write_index(self._ivf, faiss.PyCallbackIOWriter(handle.write))
        os.replace(partial, path)

    @classmethod
    def restore(cls, path: Path, *, dimensions: int) -> AnnIndex:
        """Load an index saved by :meth:`save`; raises ``ValueError`` for a file that is not one."""
        with path.open("rb") as handle:
            return cls._read(handle, path=path, dimensions=dimensions)

    @classmethod
    def _read(cls, handle: BinaryIO, *, path: Path, dimensions: int) -> AnnIndex:
        import faiss

        if handle.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(f"{path} is not a saved AnnIndex")
        saved_dimensions, lists, probes = (int(v) for v in np.load(handle))
        if saved_dimensions != dimensions:
            raise ValueError(f"{path} is a {saved_dimensions}-dimensional index, not {dimensions}")
        index = cls(dimensions, lists=lists, probes=probes)
        index._ids = _IdSet(np.load(handle))
        index._pending_ids = np.load(handle)
        index._pending = np.load(handle)
        rest = handle.read(1)
        if rest:
            handle.seek(-1, os.SEEK_CUR)
            ivf = faiss.read_index(faiss.PyCallbackIOReader(handle.read))
            ivf.nprobe = index.probes
            index._ivf = ivf
        return index


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
