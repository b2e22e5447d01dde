"""Metrics and the promotion test: a paired bootstrap on the same items.

A candidate is compared with the active model on the same items (the held-back newest decisions, the
shipped evaluation set): each of ``resamples`` bootstrap samples draws the items with replacement and
takes the difference of the two models' metric on that sample (status accuracy; check-worthiness
ROC-AUC). The candidate is *not worse beyond noise* when the one-sided lower confidence bound of that
difference (its ``1 - confidence`` quantile) is at least ``-margin``; it is promoted only if that holds
on every comparison that can be made (AUC needs both classes in the items), and at least one can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

RESAMPLES = 2000
MARGIN = 0.02
CONFIDENCE = 0.95
SEED = 20261206


def auc(scores: Sequence[float] | np.ndarray, labels: Sequence[int] | np.ndarray) -> float | None:
    """ROC-AUC (ties count one half); None without both classes."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return None
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=np.float64)
    sorted_scores = s[order]
    # average ranks over ties
    boundaries = np.flatnonzero(np.diff(sorted_scores)) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [len(s)]])
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + end + 1) / 2.0
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def accuracy(predicted: Sequence[str], gold: Sequence[str]) -> float | None:
    if not gold:
        return None
    return sum(1 for p, g in zip(predicted, gold, strict=True) if p == g) / len(gold)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One metric on one set of items: both models' values, the paired difference and its bounds."""

    name: str
    items: int
    active: float
    candidate: float
    delta: float
    lower: float  # one-sided lower confidence bound of candidate - active
    upper: float
    resamples: int
    not_worse: bool

    def as_dict(self) -> dict[str, object]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _bounds(deltas: np.ndarray, confidence: float) -> tuple[float, float]:
    return float(np.quantile(deltas, 1 - confidence)), float(np.quantile(deltas, confidence))


def compare_accuracy(
    name: str,
    active: Sequence[str],
    candidate: Sequence[str],
    gold: Sequence[str],
    *,
    resamples: int = RESAMPLES,
    margin: float = MARGIN,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
) -> Comparison | None:
    n = len(gold)
    if n == 0:
        return None
    a = np.array([p == g for p, g in zip(active, gold, strict=True)], dtype=np.float64)
    c = np.array([p == g for p, g in zip(candidate, gold, strict=True)], dtype=np.float64)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(resamples, n))
    deltas = (c - a)[draws].mean(axis=1)
    lower, upper = _bounds(deltas, confidence)
    return Comparison(
        name, n, float(a.mean()), float(c.mean()), float(c.mean() - a.mean()), lower, upper, resamples, lower >= -margin
    )


def compare_auc(
    name: str,
    active: Sequence[float],
    candidate: Sequence[float],
    labels: Sequence[int],
    *,
    resamples: int = RESAMPLES,
    margin: float = MARGIN,
    confidence: float = CONFIDENCE,
    seed: int = SEED,
) -> Comparison | None:
    y = np.asarray(labels, dtype=np.int64)
    a_scores = np.asarray(active, dtype=np.float64)
    c_scores = np.asarray(candidate, dtype=np.float64)
    a_auc, c_auc = auc(a_scores, y), auc(c_scores, y)
    if a_auc is None or c_auc is None:
        return None
    rng = np.random.default_rng(seed)
    n = len(y)
    deltas: list[float] = []
    for _ in range(resamples):
        idx = rng.integers(0, n, size=n)
        a_value, c_value = auc(a_scores[idx], y[idx]), auc(c_scores[idx], y[idx])
        if a_value is not None and c_value is not None:
            deltas.append(c_value - a_value)
    if not deltas:
        return None
    lower, upper = _bounds(np.asarray(deltas), confidence)
    return Comparison(name, n, a_auc, c_auc, c_auc - a_auc, lower, upper, len(deltas), lower >= -margin)


def promote(comparisons: Sequence[Comparison | None]) -> bool:
    """Not worse beyond noise on every comparison that could be made, and at least one could."""
    made = [c for c in comparisons if c is not None]
    return bool(made) and all(c.not_worse for c in made)
