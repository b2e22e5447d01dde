"""A status model on top of the rules, learned from the newsroom's final statuses.

The rules (``reviews.extraction.claims.rule_status``: a named source → supported; a hedge in the main
clause or a vague opinion → speculative; else needs source) stay the first feature and the prior: the
starting coefficients give the rules' status a margin of ``RULE_MARGIN`` logits, so with no decisions the
model says what the rules say. The cues the rules found (kinds, the hedge words, the reporting verbs) and
the sentence's words are the other features; each decision can move the coefficients away from the
rules only against an L2 penalty (words penalised harder than cues). The cues remain the explanation
shown to reviewers; when the model disagrees with the rules the claim also keeps the rules' status.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from reviews.extraction import cues as cue_lib
from reviews.extraction.claims import rule_status
from reviews.extraction.types import Status
from reviews.learning.optimise import design, fit_multinomial

CLASSES: tuple[Status, ...] = (Status.SUPPORTED, Status.SPECULATIVE, Status.NEEDS_SOURCE)
RULE_MARGIN = 4.0  # logits: the rules' status starts with P ~ 0.96
CUE_PENALTY = 1.0
WORD_PENALTY = 3.0
MIN_COUNT = 2
_WORD_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def status_features(text: str, analysis: cue_lib.CueAnalysis, rules: Status) -> list[str]:
    """Feature names of a sentence: the rules' status, its cues, and its words."""
    names = ["<bias>", f"rule:{rules.value}"]
    if analysis.named_source:
        names.append("cue:named_source")
    if analysis.vague_source:
        names.append("cue:vague_source")
    if analysis.vague_opinion:
        names.append("cue:vague_opinion")
    if analysis.hedges:
        names.append("cue:hedge")
    if analysis.scoped_hedges:
        names.append("cue:scoped_hedge")
    if analysis.facts:
        names.append("cue:fact")
    for hedge in analysis.hedges:
        names.append("hedge:" + hedge.text.lower())
    for source in analysis.sources:
        names.append(("named_verb:" if source.named else "vague_verb:") + source.verb.low)
    if "“" in text or '"' in text:
        names.append("shape:quote")
    names.extend(sorted({"w:" + word for word in _WORD_RE.findall(text.lower())}))
    return names


def sentence_features(text: str) -> tuple[list[str], Status]:
    """Features and rules' status of a sentence on its own (training, evaluation)."""
    analysis = cue_lib.analyse(text, weasels=False)
    rules = rule_status(analysis)
    return status_features(text, analysis, rules), rules


@dataclass(frozen=True, slots=True)
class StatusModel:
    """Coefficients per feature (one per class, in ``CLASSES`` order); empty: the rules alone."""

    coefficients: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)

    @property
    def is_rules(self) -> bool:
        return not self.coefficients

    def predict(self, text: str, analysis: cue_lib.CueAnalysis, rules: Status) -> Status:
        if not self.coefficients:
            return rules
        scores = self.scores(status_features(text, analysis, rules))
        return CLASSES[scores.index(max(scores))]

    def scores(self, names: Sequence[str]) -> list[float]:
        """Each class's score (plain floats: this runs for every claim at extraction)."""
        a = b = c = 0.0
        coefficients = self.coefficients
        for name in names:
            row = coefficients.get(name)
            if row is not None:
                a += row[0]
                b += row[1]
                c += row[2]
            elif name.startswith("rule:"):  # a rules feature without a row keeps its prior
                k = CLASSES.index(Status(name[5:]))
                a, b, c = (a + RULE_MARGIN * (k == 0), b + RULE_MARGIN * (k == 1), c + RULE_MARGIN * (k == 2))
        return [a, b, c]

    def predict_text(self, text: str) -> Status:
        names, rules = sentence_features(text)
        if not self.coefficients:
            return rules
        scores = self.scores(names)
        return CLASSES[scores.index(max(scores))]

    def to_json(self) -> dict[str, object]:
        return {
            "classes": [c.value for c in CLASSES],
            "coefficients": {name: [round(v, 6) for v in row] for name, row in sorted(self.coefficients.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> StatusModel:
        raw = data.get("coefficients") or {}
        if not isinstance(raw, dict):
            return cls()
        return cls({str(name): (float(row[0]), float(row[1]), float(row[2])) for name, row in raw.items()})


def train(texts: Sequence[str], labels: Sequence[str]) -> StatusModel:
    """A status model from decided claims (their final status); the rules alone without any."""
    if not texts:
        return StatusModel()
    rows = [sentence_features(text)[0] for text in texts]
    counts = Counter(name for names in rows for name in set(names))
    kept = sorted(
        {name for name, n in counts.items() if n >= MIN_COUNT or not name.startswith("w:")}
        | {f"rule:{c.value}" for c in CLASSES}
        | {"<bias>"}
    )
    columns = {name: i for i, name in enumerate(kept)}
    start = np.zeros((len(kept), len(CLASSES)))
    for k, status in enumerate(CLASSES):
        start[columns[f"rule:{status.value}"], k] = RULE_MARGIN
    penalty = np.array([WORD_PENALTY if name.startswith("w:") else CUE_PENALTY for name in kept])
    y = np.array([CLASSES.index(Status(label)) for label in labels])
    fitted = fit_multinomial(design(rows, columns), y, len(CLASSES), start=start, penalty=penalty)
    # rows still at zero (features the decisions did not move) are dropped; rules rows are always kept
    return StatusModel(
        {
            name: (float(r[0]), float(r[1]), float(r[2]))
            for name, r in zip(kept, fitted, strict=True)
            if name.startswith("rule:") or float(np.max(np.abs(r))) >= 1e-4
        }
    )
