"""Retraining the top of the check-worthiness model from the newsroom's decisions.

The shipped model (``reviews.extraction.model``) is a sparse logistic model over word and shape features,
stacked with the embedding side's logit (MiniLM with a fine-tuned top layer, ``reviews.matching``). A
newsroom version keeps the embedding network as shipped and learns

- an **offset** to the sparse weights (only for features seen in the decisions): the shipped weights are
  the prior's centre, penalised with the shipped trainer's own strength (``SPARSE_PENALTY``, 1/C with
  C = 0.3), so with no decisions the model is the shipped one;
- the **stacker** (bias, sparse, embedding), when the embedding-side logits of the decisions are at hand
  (the matching worker), centred on the shipped stacker and fitted on out-of-fold sparse logits so the
  offset's in-sample fit does not inflate the sparse weight.

Labels: a decided claim (final status, editor-added, span corrected) is check-worthy (1); a confirmed
"not a claim" is not (0). Only the ranking changes: whether a sentence is a claim stays the rules'.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from reviews.extraction import model
from reviews.learning.optimise import design, fit_binary, lbfgs

SPARSE_PENALTY = 1 / 0.3  # the shipped trainer's L2 strength (C = 0.3), now on the offset from its weights
STACK_PENALTY = 1.0
MIN_COUNT = 2  # a word feature seen once in the decisions gets no offset (shape features always do)
FOLDS = 5  # out-of-fold sparse logits for the stacker
_ALWAYS = ("<bias>", "len:", "shape:")


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"


@lru_cache(maxsize=1)
def shipped_fingerprint() -> str:
    """Which shipped weights a version is an offset from (sparse weights, stacker, fine-tuned top layer)."""
    top = Path(model.__file__).parents[1] / "matching" / "data" / "checkworthiness_top.npz"
    digest = hashlib.sha256()
    for path in (model.MODEL_PATH, model.EMBEDDING_MODEL_PATH, top):
        digest.update(_file_digest(path))
    return digest.hexdigest()[:16]


def stack_feature_values(text: str) -> dict[str, float]:
    """The sentence features the shipped stacker weighs next to the two logits, if it has any.

    Read through ``model.stack_features`` when the shipped model defines it (a stacker with sentence
    features); a two-weight stacker has none.
    """
    compute = getattr(model, "stack_features", None)
    return dict(compute(text)) if compute is not None else {}


@dataclass(frozen=True, slots=True)
class Stack:
    bias: float
    sparse: float
    embedding: float
    features: tuple[tuple[str, float], ...] = ()  # weights of ``stack_feature_values``

    def logit(self, sparse: float, embedded: float, text: str | None = None) -> float:
        value = self.bias + self.sparse * sparse + self.embedding * embedded
        if self.features and text is not None:
            values = stack_feature_values(text)
            value += sum(weight * values.get(name, 0.0) for name, weight in self.features)
        return value


def shipped_stack() -> Stack | None:
    weights = model.embedding_model()
    if weights is None:
        return None
    features = tuple((str(k), float(v)) for k, v in getattr(weights, "stack_features", ()))
    return Stack(weights.stack_bias, weights.stack_sparse, weights.stack_embedding, features)


@dataclass(frozen=True, slots=True)
class CheckworthinessModel:
    """The shipped model plus this newsroom's offsets; ``base`` names the shipped weights it applies to."""

    base: str
    delta: Mapping[str, float] = field(default_factory=dict)
    stack: Stack | None = None  # None: the shipped stacker

    @property
    def is_shipped(self) -> bool:
        return not self.delta and self.stack is None

    def sparse_logit(self, text: str, shipped: float | None = None) -> float:
        """The sparse logit; ``shipped`` is ``model.raw_logit(text)`` when the caller has it already."""
        if shipped is None:
            return self.sparse_logits(text)[1]
        if not self.delta:
            return shipped
        return shipped + sum(self.delta.get(name, 0.0) * weight for name, weight in model.features(text).items())

    def sparse_logits(self, text: str) -> tuple[float, float]:
        """(the shipped sparse logit, this version's), from one computation of the features."""
        feats = model.features(text)
        shipped = model.logit_of_features(feats)
        if not self.delta:
            return shipped, shipped
        return shipped, shipped + sum(self.delta.get(name, 0.0) * weight for name, weight in feats.items())

    def stacked_logit(self, sparse: float, embedded: float, text: str | None = None) -> float:
        """The stacked logit (``text`` for a stacker with sentence features); the shipped stacker for none."""
        stack = self.stack or shipped_stack()
        return sparse if stack is None else stack.logit(sparse, embedded, text)

    def logit(self, text: str, embedded: float | None = None) -> float:
        sparse = self.sparse_logit(text)
        return sparse if embedded is None else self.stacked_logit(sparse, embedded, text)

    def to_json(self) -> dict[str, object]:
        return {
            "base": self.base,
            "delta": {name: round(value, 6) for name, value in sorted(self.delta.items()) if abs(value) >= 1e-6},
            "stack": None
            if self.stack is None
            else {
                "bias": self.stack.bias,
                "sparse": self.stack.sparse,
                "embedding": self.stack.embedding,
                "features": dict(self.stack.features),
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> CheckworthinessModel:
        raw_delta = data.get("delta") or {}
        raw_stack = data.get("stack")
        delta = {str(k): float(v) for k, v in raw_delta.items()} if isinstance(raw_delta, dict) else {}
        stack = None
        if isinstance(raw_stack, dict):
            raw_features = raw_stack.get("features") or {}
            stack = Stack(
                float(raw_stack["bias"]),
                float(raw_stack["sparse"]),
                float(raw_stack["embedding"]),
                tuple(sorted((str(k), float(v)) for k, v in raw_features.items()))
                if isinstance(raw_features, dict)
                else (),
            )
        return cls(base=str(data.get("base", "")), delta=delta, stack=stack)


def shipped() -> CheckworthinessModel:
    return CheckworthinessModel(base=shipped_fingerprint())


def _columns(rows: Sequence[Sequence[str]]) -> dict[str, int]:
    counts = Counter(name for names in rows for name in set(names))
    kept = sorted(name for name, n in counts.items() if n >= MIN_COUNT or name.startswith(_ALWAYS))
    return {name: i for i, name in enumerate(kept)}


def _fit_delta(rows: Sequence[Sequence[str]], labels: np.ndarray, offsets: np.ndarray) -> dict[str, float]:
    columns = _columns(rows)
    if not columns:
        return {}
    x = design(rows, columns)
    fitted = fit_binary(x, labels, offset=offsets, penalty=SPARSE_PENALTY)
    return {name: float(fitted[i]) for name, i in columns.items() if abs(fitted[i]) >= 1e-6}


def _fit_stack(
    sparse: np.ndarray, embedded: np.ndarray, texts: Sequence[str], labels: np.ndarray, centre: Stack
) -> Stack:
    names = [name for name, _weight in centre.features]
    values = [stack_feature_values(text) for text in texts] if names else []
    columns = [np.ones_like(sparse), sparse, embedded]
    columns += [np.array([v.get(name, 0.0) for v in values]) for name in names]
    x = np.stack(columns, axis=1)
    y = labels.astype(np.float64)
    start = np.array([centre.bias, centre.sparse, centre.embedding, *(w for _name, w in centre.features)])

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ theta
        loss = float(np.sum(np.logaddexp(0.0, z) - y * z))
        p = 1.0 / (1.0 + np.exp(-z))
        gap = theta - start
        return loss + 0.5 * STACK_PENALTY * float(gap @ gap), x.T @ (p - y) + STACK_PENALTY * gap

    theta = lbfgs(objective, start)
    return Stack(
        float(theta[0]),
        float(theta[1]),
        float(theta[2]),
        tuple((name, float(theta[3 + i])) for i, name in enumerate(names)),
    )


def train(
    texts: Sequence[str], labels: Sequence[int], *, embedded: Sequence[float] | None = None
) -> CheckworthinessModel:
    """A newsroom version from decided sentences (1 check-worthy, 0 not a claim); the shipped model without any."""
    base = shipped_fingerprint()
    if not texts:
        return CheckworthinessModel(base=base)
    rows = [list(model.features(text)) for text in texts]
    y = np.asarray(labels, dtype=np.float64)
    offsets = np.asarray([model.raw_logit(text) for text in texts], dtype=np.float64)
    delta = _fit_delta(rows, y, offsets)
    stack = None
    centre = shipped_stack()
    if embedded is not None and centre is not None and len(set(labels)) == 2:
        # out-of-fold sparse logits: the stacker must see how the offset does on decisions it was not fitted on
        oof = offsets.copy()
        folds = np.arange(len(texts)) % FOLDS
        for fold in range(FOLDS):
            held = folds == fold
            if not held.any() or held.all():
                continue
            train_rows = [rows[i] for i in np.flatnonzero(~held)]
            fold_delta = _fit_delta(train_rows, y[~held], offsets[~held])
            for i in np.flatnonzero(held):
                oof[i] += sum(fold_delta.get(name, 0.0) for name in rows[i])
        stack = _fit_stack(oof, np.asarray(embedded, dtype=np.float64), texts, y, centre)
    return CheckworthinessModel(base=base, delta=delta, stack=stack)


def probability(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, logit))))
