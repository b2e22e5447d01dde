"""A small logistic check-worthiness model: features here, coefficients in ``data/checkworthiness.json``.

The coefficients are produced by ``scripts/train_checkworthiness.py`` from the ClaimBuster
sentences (CFS = check-worthy factual sentence vs. the rest). Only the trained weights ship with
the product; inference is a sparse dot product in plain Python (no numpy needed).

Where a sentence embedding is being computed anyway (claim matching embeds every stored claim; the
per-line CLI embeds its lines in batches), :func:`combine` refines the ranking: the embedding side is
all-MiniLM-L6-v2 with its top layer fine-tuned on ClaimBuster (``reviews.matching.checkworthiness``,
run in the same pass as the matching vector), whose CFS log-odds is stacked with the sparse logit by a
two-weight logistic regression (``data/checkworthiness_embedding.json``, written by
``scripts/train_checkworthiness.py --finetune``). Pure Python: this module never loads the embedding
model; callers hand it the embedding-side logit.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from reviews.extraction.lexicon import words

MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness.json"
EMBEDDING_MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness_embedding.json"

_TOKEN_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d[\d,.]*|[$%€£?!]")
_MONEY_RE = re.compile(r"[$€£]\s?\d")
# The next three open with a literal or a character class, so that the engine scans for it and tries the
# rest only there; the lookbehinds after it test what stood before the match.
# r"\b(?:19|20)\d\d\b", the same matches:
_YEAR_RE = re.compile(r"(?:19|20)(?<!\w\d\d)\d\d\b")
# r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+" (a capitalised word not opening the text or a sentence), the same matches:
_CAPS_RE = re.compile(r"[A-Z](?<=\W[A-Z])(?<![.!?]\s[A-Z])[a-z]+")
# Found wherever r"\b(?:than|most|least|\w+est)\b" is (a word ending in "est" matches from the "est"): only
# whether it matches is used
_COMPARISON_RE = re.compile(r"than\b(?<!\wthan)|most\b(?<!\wmost)|least\b(?<!\wleast)|est\b(?<=\west)")
_NUMBER_WORDS = words(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million billion trillion percent dozen half"
)


def _tokens(low: str) -> list[str]:
    return ["<num>" if t[0].isdigit() else t for t in _TOKEN_RE.findall(low)]


_NUMBERISH = _NUMBER_WORDS | {"<num>"}


def _shape_features(text: str, low: str, tokens: list[str]) -> list[str]:
    """The names of the length and shape features, in the order ``features`` lists them."""
    numbers = sum(map(_NUMBERISH.__contains__, tokens))
    names = [f"len:{min(len(tokens) // 5, 8)}"]
    if numbers:
        names.append("shape:number")
    if "%" in text or "percent" in low:
        names.append("shape:percent")
    if _MONEY_RE.search(text):
        names.append("shape:money")
    if _YEAR_RE.search(text):
        names.append("shape:year")
    names.append(f"shape:caps{min(len(_CAPS_RE.findall(text)), 4)}")
    if text.rstrip().endswith("?"):
        names.append("shape:question")
    past = sum(1 for t in tokens if len(t) > 4 and t.endswith("ed"))
    names.append(f"shape:past{min(past, 3)}")
    if _COMPARISON_RE.search(low):
        names.append("shape:comparison")
    names.append(f"shape:numbers{min(numbers, 3)}")
    return names


def features(text: str) -> dict[str, float]:
    """Sparse features of one sentence: word unigrams and bigrams plus a few shape features."""
    low = text.lower()
    tokens = _tokens(low)
    feats: dict[str, float] = {"<bias>": 1.0}
    for t in tokens:
        feats["w:" + t] = 1.0
    for a, b in zip(tokens, tokens[1:], strict=False):
        feats[f"b:{a} {b}"] = 1.0
    for name in _shape_features(text, low, tokens):
        feats[name] = 1.0
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


@dataclass(frozen=True, slots=True)
class _Tables:
    """``_weights()`` split by kind: unigrams by token, bigrams by (token, token); built once per weights dict."""

    weights: dict[str, float]
    unigrams: dict[str, float]
    bigrams: dict[tuple[str, ...], float]


_tables: _Tables | None = None


def _split_weights(weights: dict[str, float]) -> _Tables:
    global _tables
    tables = _tables
    if tables is None or tables.weights is not weights:
        unigrams: dict[str, float] = {}
        bigrams: dict[tuple[str, ...], float] = {}
        for name, weight in weights.items():
            if name.startswith("w:"):
                unigrams[name[2:]] = weight
            elif name.startswith("b:") and name.count(" ") == 1:
                bigrams[tuple(name[2:].split(" "))] = weight
        tables = _tables = _Tables(weights, unigrams, bigrams)
    return tables


def raw_logit(text: str) -> float:
    """``logit_of_features(features(text))`` without building the feature dict: the same weights summed in the
    same order (each distinct feature once, in first-occurrence order), so the same float."""
    weights = _weights()
    if not weights:
        return 0.0
    tables = _split_weights(weights)
    low = text.lower()
    tokens = _tokens(low)
    values = [weights.get("<bias>", 0.0)]
    values += map(tables.unigrams.get, dict.fromkeys(tokens), repeat(0.0))
    values += map(tables.bigrams.get, dict.fromkeys(zip(tokens, tokens[1:], strict=False)), repeat(0.0))
    values += [weights.get(name, 0.0) for name in _shape_features(text, low, tokens)]
    return sum(values)


def logit_of_features(feats: dict[str, float]) -> float:
    """The sparse logit of features already computed (``reviews.learning`` adds its offsets to the same)."""
    weights = _weights()
    if not weights:
        return 0.0
    return sum(weights.get(name, 0.0) * value for name, value in feats.items())


def score(text: str) -> float:
    """Check-worthiness probability of one sentence, in [0, 1]."""
    return sigmoid(raw_logit(text))


_PERSON_FIRST_RE = re.compile(r"\b(?:i|i['’]m|i['’]ve|i['’]ll|me|my|we|we['’]re|we['’]ve|we['’]ll|us|our)\b")
_PERSON_SECOND_RE = re.compile(r"\b(?:you|your|you['’]re|you['’]ve)\b")
_PAST_RE = re.compile(r"\b(?:was|were|had|did|\w{3,}ed)\b")
_FUTURE_RE = re.compile(r"\b(?:will|would|going\s+to|gonna|could|might|may|should|['’]ll)\b")
_DIGIT_RE = re.compile(r"\d")


def stack_features(text: str) -> dict[str, float]:
    """The few sentence-level features the stacker weighs next to the two model logits.

    Dense and general (numbers, named entities, time, person), so that the stacker can lean on what
    makes a statement checkable in any register rather than on debate-specific vocabulary.
    """
    low = text.lower()
    tokens = _TOKEN_RE.findall(low)
    n = len(tokens)
    return {
        "number": 1.0 if _DIGIT_RE.search(text) or any(t in _NUMBER_WORDS for t in tokens) else 0.0,
        "quantity": 1.0 if ("%" in text or "percent" in low or _MONEY_RE.search(text)) else 0.0,
        "year": 1.0 if _YEAR_RE.search(text) else 0.0,
        "entities": min(len(_CAPS_RE.findall(text)), 3) / 3.0,
        "length": min(n, 40) / 40.0,
        "question": 1.0 if text.rstrip().endswith("?") else 0.0,
        "first_person": 1.0 if _PERSON_FIRST_RE.search(low) else 0.0,
        "second_person": 1.0 if _PERSON_SECOND_RE.search(low) else 0.0,
        "past": 1.0 if _PAST_RE.search(low) else 0.0,
        "future": 1.0 if _FUTURE_RE.search(low) else 0.0,
        "comparison": 1.0 if _COMPARISON_RE.search(low) else 0.0,
    }


@dataclass(frozen=True, slots=True)
class EmbeddingModel:
    """The stacking weights of the embedding-side logit with the sparse one.

    ``stack_features`` (optional: empty for a two-weight stacker) weighs :func:`stack_features` of the
    sentence; it applies only where the caller gives the sentence's text.
    """

    embedding_model: str
    stack_sparse: float
    stack_embedding: float
    stack_bias: float
    stack_features: tuple[tuple[str, float], ...] = ()


@lru_cache(maxsize=1)
def embedding_model() -> EmbeddingModel | None:
    """The shipped stacking weights, or None when the file is missing or unreadable."""
    try:
        data = json.loads(EMBEDDING_MODEL_PATH.read_text(encoding="utf-8"))
        stack = data["stack"]
        return EmbeddingModel(
            embedding_model=str(data["embedding_model"]),
            stack_sparse=float(stack["sparse"]),
            stack_embedding=float(stack["embedding"]),
            stack_bias=float(stack["bias"]),
            stack_features=tuple(sorted((str(k), float(v)) for k, v in stack.get("features", {}).items())),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def combine(sparse: float, embedded: float, weights: EmbeddingModel | None = None, *, text: str | None = None) -> float:
    """The stacked check-worthiness logit of a sentence from its two model logits (pure).

    With ``text`` the stacker's sentence features are added (when the weights have any).
    """
    weights = weights or embedding_model()
    if weights is None:
        return sparse
    logit = weights.stack_bias + weights.stack_sparse * sparse + weights.stack_embedding * embedded
    if text is not None and weights.stack_features:
        values = stack_features(text)
        logit += sum(weight * values.get(name, 0.0) for name, weight in weights.stack_features)
    return logit


def refine(sparse: float, embedded: float | None, text: str | None = None) -> float:
    """A sentence's sparse logit refined by its embedding-side logit (unchanged without one)."""
    if embedded is None:
        return sparse
    return combine(sparse, float(embedded), text=text)


def combined_logit(text: str, embedded: float | None) -> float:
    """The check-worthiness logit of ``text`` given its embedding-side logit ``embedded``."""
    return refine(raw_logit(text), embedded, text)
