"""Replay: an annotated set taken as a newsroom's decisions in time order, the models retrained after each batch.

After each batch of ``batch`` decisions both models are retrained from every decision so far (the same
trainers as the product's task) and measured on a disjoint annotated set: status accuracy on its claims,
check-worthiness ROC-AUC (claims vs not-a-claim sentences) of the ranking logit. The figures at 0
decisions are the shipped model and the rules. Two tracks:

- ``retrained``: the model trained on all decisions so far (what the loop learns);
- ``active``: what the product would be using, a candidate promoted only when the paired bootstrap finds it
  not worse than the active one on the newest held-back decisions (the disjoint set is the report, so it
  takes no part in promotion here, unlike the product's task which also uses the shipped evaluation set).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from reviews.learning import checkworthiness as cw_learning
from reviews.learning import status as status_learning
from reviews.learning.dataset import Example
from reviews.learning.evaluation import accuracy, auc, compare_accuracy, compare_auc, promote

EmbeddedScorer = Callable[[Sequence[str]], np.ndarray]
HELD_BACK_FRACTION = 0.2
MIN_HELD_BACK = 5


@dataclass(frozen=True, slots=True)
class ReplayPoint:
    decisions: int
    status_accuracy: float
    checkworthiness_auc: float
    active_status_accuracy: float
    active_checkworthiness_auc: float
    status_predictions: tuple[str, ...]
    checkworthiness_scores: tuple[float, ...]


def _measure(
    cw: cw_learning.CheckworthinessModel,
    status: status_learning.StatusModel,
    evaluation: Sequence[Example],
    logits: dict[str, float],
) -> tuple[float, float, tuple[str, ...], tuple[float, ...]]:
    claims = [e for e in evaluation if e.status]
    predicted = tuple(status.predict_text(e.text).value for e in claims)
    scores = tuple(cw.logit(e.text, logits.get(e.text)) for e in evaluation)
    status_accuracy = accuracy(predicted, [str(e.status) for e in claims]) or 0.0
    cw_auc = auc(scores, [e.checkworthy for e in evaluation]) or 0.0
    return status_accuracy, cw_auc, predicted, scores


def _train(
    decisions: Sequence[Example], logits: dict[str, float]
) -> tuple[cw_learning.CheckworthinessModel, status_learning.StatusModel]:
    cw = cw_learning.train(
        [d.text for d in decisions],
        [d.checkworthy for d in decisions],
        embedded=[logits[d.text] for d in decisions] if logits else None,
    )
    decided = [d for d in decisions if d.status]
    return cw, status_learning.train([d.text for d in decided], [str(d.status) for d in decided])


def replay(
    decisions: Sequence[Example],
    evaluation: Sequence[Example],
    *,
    batch: int = 50,
    checkpoints: Sequence[int] = (0, 50, 100, 200),
    embedded: EmbeddedScorer | None = None,
    resamples: int = 1000,
) -> list[ReplayPoint]:
    if {e.text for e in decisions} & {e.text for e in evaluation}:
        raise ValueError("the replayed decisions and the evaluation set must be disjoint")
    logits: dict[str, float] = {}
    if embedded is not None:
        texts = sorted({e.text for e in decisions} | {e.text for e in evaluation})
        logits = dict(zip(texts, map(float, embedded(texts)), strict=True))
    active_cw, active_status = cw_learning.shipped(), status_learning.StatusModel()
    points: list[ReplayPoint] = []
    last = max(checkpoints)
    for seen in range(0, last + 1, batch):
        so_far = list(decisions[:seen])
        if seen:
            held = max(MIN_HELD_BACK, math.ceil(seen * HELD_BACK_FRACTION))
            train, held_back = so_far[:-held], so_far[-held:]
            candidate_cw, candidate_status = _train(train, logits)
            texts = [d.text for d in held_back]
            cw_test = compare_auc(
                "held-back AUC",
                [active_cw.logit(t, logits.get(t)) for t in texts],
                [candidate_cw.logit(t, logits.get(t)) for t in texts],
                [d.checkworthy for d in held_back],
                resamples=resamples,
            )
            if promote([cw_test]):
                active_cw = candidate_cw
            decided = [d for d in held_back if d.status]
            status_test = compare_accuracy(
                "held-back accuracy",
                [active_status.predict_text(d.text).value for d in decided],
                [candidate_status.predict_text(d.text).value for d in decided],
                [str(d.status) for d in decided],
                resamples=resamples,
            )
            if promote([status_test]):
                active_status = candidate_status
        if seen in checkpoints:
            cw_model, status_model = _train(so_far, logits) if seen else (active_cw, active_status)
            status_accuracy, cw_auc, predicted, scores = _measure(cw_model, status_model, evaluation, logits)
            active_accuracy, active_auc, _p, _s = _measure(active_cw, active_status, evaluation, logits)
            points.append(ReplayPoint(seen, status_accuracy, cw_auc, active_accuracy, active_auc, predicted, scores))
    return points
