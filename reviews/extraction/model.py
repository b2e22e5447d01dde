"""A small logistic check-worthiness model: features here, coefficients in ``data/checkworthiness.json``.

The coefficients are produced by ``scripts/train_checkworthiness.py`` from the ClaimBuster
sentences (CFS = check-worthy factual sentence vs. the rest). Only the trained weights ship with
the product; inference is a sparse dot product in plain Python (no numpy needed).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from reviews.extraction.lexicon import words

MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness.json"

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
