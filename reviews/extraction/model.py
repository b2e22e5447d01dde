"""A small logistic check-worthiness model: features here, coefficients in ``data/checkworthiness.json``.

The coefficients are produced by ``scripts/train_checkworthiness.py`` from the ClaimBuster
sentences (CFS = check-worthy factual sentence vs. the rest). Only the trained weights ship with
the product; inference is a sparse dot product in plain Python (no numpy needed).

Where a sentence embedding already exists (claim matching embeds every stored claim; the per-line
CLI embeds its lines in batches), :func:`combined_logit` refines the ranking: a 3-class logistic
regression over the MiniLM vector (``data/checkworthiness_embedding.json``, written by
``scripts/train_checkworthiness.py --embedding``) stacked with the sparse logit by a two-weight
logistic regression fitted on ClaimBuster out-of-fold logits. Pure numpy: this module never loads
the embedding model (``reviews.matching.embedding`` does, outside ``reviews.extraction``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from reviews.extraction.lexicon import words

MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness.json"
EMBEDDING_MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness_embedding.json"

_TOKEN_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d[\d,.]*|[$%€£?!]")
_NUMBER_WORDS = words(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million billion trillion percent dozen half"
)


def features(text: str) -> dict[str, float]:
    """Sparse features of one sentence: word unigrams and bigrams plus a few shape features."""
    low = text.lower()
    tokens = ["<num>" if t[0].isdigit() else t for t in _TOKEN_RE.findall(low)]
    feats: dict[str, float] = {"<bias>": 1.0}
    for t in tokens:
        feats["w:" + t] = 1.0
    for a, b in zip(tokens, tokens[1:], strict=False):
        feats[f"b:{a} {b}"] = 1.0
    n = len(tokens)
    feats[f"len:{min(n // 5, 8)}"] = 1.0
    if any(t == "<num>" or t in _NUMBER_WORDS for t in tokens):
        feats["shape:number"] = 1.0
    if "%" in text or "percent" in low:
        feats["shape:percent"] = 1.0
    if re.search(r"[$€£]\s?\d", text):
        feats["shape:money"] = 1.0
    if re.search(r"\b(?:19|20)\d\d\b", text):
        feats["shape:year"] = 1.0
    caps = len(re.findall(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+", text))
    feats[f"shape:caps{min(caps, 4)}"] = 1.0
    if text.rstrip().endswith("?"):
        feats["shape:question"] = 1.0
    past = sum(1 for t in tokens if len(t) > 4 and t.endswith("ed"))
    feats[f"shape:past{min(past, 3)}"] = 1.0
    if re.search(r"\b(?:than|most|least|\w+est)\b", low):
        feats["shape:comparison"] = 1.0
    numbers = sum(1 for t in tokens if t == "<num>" or t in _NUMBER_WORDS)
    feats[f"shape:numbers{min(numbers, 3)}"] = 1.0
    return feats


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    weights = data.get("weights", {})
    return {str(k): float(v) for k, v in weights.items()}


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def raw_logit(text: str) -> float:
    weights = _weights()
    if not weights:
        return 0.0
    return sum(weights.get(name, 0.0) * value for name, value in features(text).items())


def score(text: str) -> float:
    """Check-worthiness probability of one sentence, in [0, 1]."""
    return sigmoid(raw_logit(text))


@dataclass(frozen=True, slots=True)
class EmbeddingModel:
    """The embedding side: 3-class LR (NFS, UFS, CFS) over unit vectors, and the stacking weights."""

    embedding_model: str
    coef: np.ndarray  # (3, dimensions), classes in ``CLASSES`` order
    intercept: np.ndarray  # (3,)
    stack_sparse: float
    stack_embedding: float
    stack_bias: float


CLASSES = ("NFS", "UFS", "CFS")


@lru_cache(maxsize=1)
def embedding_model() -> EmbeddingModel | None:
    """The shipped embedding-side weights, or None when the file is missing or unreadable."""
    try:
        data = json.loads(EMBEDDING_MODEL_PATH.read_text(encoding="utf-8"))
        stack = data["stack"]
        return EmbeddingModel(
            embedding_model=str(data["embedding_model"]),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            stack_sparse=float(stack["sparse"]),
            stack_embedding=float(stack["embedding"]),
            stack_bias=float(stack["bias"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def embedding_logits(vectors: np.ndarray, weights: EmbeddingModel | None = None) -> np.ndarray:
    """log P(CFS) / (1 - P(CFS)) under the 3-class model, one per row of ``vectors``."""
    weights = weights or embedding_model()
    vectors = np.asarray(vectors, dtype=np.float64)
    if weights is None:
        return np.zeros(len(vectors) if vectors.ndim == 2 else 1)
    z = np.atleast_2d(vectors) @ weights.coef.T + weights.intercept  # (n, 3)
    # logit of a softmax class: z_CFS - logsumexp(z_NFS, z_UFS)
    return z[:, 2] - np.logaddexp(z[:, 0], z[:, 1])


def combine(sparse: float, embedded: float, weights: EmbeddingModel | None = None) -> float:
    """The stacked check-worthiness logit of a sentence from its two model logits (pure)."""
    weights = weights or embedding_model()
    if weights is None:
        return sparse
    return weights.stack_bias + weights.stack_sparse * sparse + weights.stack_embedding * embedded


def refine(sparse: float, vector: np.ndarray | None) -> float:
    """A sentence's sparse logit refined by its embedding (unchanged without one or without weights)."""
    weights = embedding_model()
    if vector is None or weights is None:
        return sparse
    return combine(sparse, float(embedding_logits(vector, weights)[0]), weights)


def combined_logit(text: str, vector: np.ndarray | None) -> float:
    """The check-worthiness logit of ``text`` given its embedding ``vector``."""
    return refine(raw_logit(text), vector)
