"""Measure the extraction pipeline: the gold corpus and two outside benchmarks.

The corpus scoring reproduces ``shared/corpus/score.py`` exactly (same normalisation, the same
greedy one-to-one pairing by similarity ≥ 0.85 with rapidfuzz, the same debris definition), so the
figures printed by ``manage.py evaluate_extraction`` agree with the reference scorer.

Outside data (read from the shared directory; never copied into the repository):

* CLEF-2020 CheckThat! task 5 debates sample → ROC-AUC of the check-worthiness score;
* WikiWeasel (CoNLL-2010 Wikipedia) balanced test sample → F1 of the per-line ``uncertain`` flag.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from rapidfuzz import fuzz

LABELS = ("supported", "speculative", "needs_source")
THRESHOLD = 0.85

_QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
_QUOTES.update({ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"})
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a"}
_ZERO: dict[int, str | None] = {ord(c): None for c in "\u200b\u200c\u200d\ufeff"}
_TRANS: dict[int, str | None] = {**_QUOTES, **_DASHES, **_SPACES, **_ZERO}

DEBRIS_SUBSTRINGS = ("<", ">", "&amp;", "&nbsp;", "&#", "  ", " ,", " .")
DEBRIS_RE = re.compile(
    r"&[A-Za-z][A-Za-z0-9]{1,31};|&#[0-9]+;?|&#[xX][0-9A-Fa-f]+;?|[\u00a0\u200b\u200c\u200d\ufeff\t\r\n\v\f]"
)


class GoldClaim(TypedDict):
    text: str
    label: str


class GoldArticle(TypedDict, total=False):
    article: str
    title: str
    claims: list[GoldClaim]
    non_claims: list[str]
    glued: list[str]
    boilerplate: list[str]


class Prediction(TypedDict, total=False):
    text: str
    suggested_status: str


# ------------------------------------------------------------------------------ corpus scoring


def normalise(text: str) -> str:
    text = text.translate(_TRANS).casefold()
    return re.sub(r"\s+", " ", text).strip()


def similarity_at_least(a: str, b: str, threshold: float = THRESHOLD) -> float | None:
    s = fuzz.ratio(a, b, score_cutoff=threshold * 100.0) / 100.0
    return s if s >= threshold else None


def glued_patterns(tokens: Iterable[str]) -> list[re.Pattern[str]]:
    patterns = []
    for token in tokens:
        t = normalise(token)
        if not t:
            continue
        body = r"\s+".join(re.escape(part) for part in t.split(" "))
        patterns.append(re.compile(r"(?<!\w)" + body + r"(?!\w)"))
    return patterns


def has_debris(text: str, glued: Sequence[re.Pattern[str]] = ()) -> bool:
    """Scraping debris as score.py defines it: markup, entities, odd whitespace, glued tokens."""
    if any(s in text for s in DEBRIS_SUBSTRINGS) or DEBRIS_RE.search(text):
        return True
    low = re.sub(r"\s+", " ", text.casefold())
    return any(p.search(low) for p in glued)


def match(predicted: Sequence[str], gold: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairing, best similarity first: (predicted index, gold index, similarity)."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            s = similarity_at_least(p, g, threshold)
            if s is not None:
                candidates.append((-s, i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for negative, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j, -negative))
    return pairs


def macro_f1(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Macro-F1 over the three labels on (gold, predicted) pairs; absent labels are skipped."""
    scores = []
    for label in LABELS:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else None


@dataclass(frozen=True, slots=True)
class ArticleScore:
    name: str
    n_gold: int
    n_pred: int
    n_matched: int
    n_debris: int
    nonclaims_predicted: int
    label_pairs: tuple[tuple[str, str], ...]
    unmatched_predictions: tuple[str, ...] = ()
    missed_gold: tuple[str, ...] = ()
    wrong_labels: tuple[tuple[str, str, str], ...] = ()  # (text, gold, predicted)

    @property
    def figures(self) -> Figures:
        return Figures.of(self.n_gold, self.n_pred, self.n_matched, self.n_debris, self.label_pairs)


@dataclass(frozen=True, slots=True)
class Figures:
    precision: float
    recall: float
    f1: float
    status_accuracy: float | None
    macro_f1: float | None
    debris_rate: float | None

    @classmethod
    def of(cls, n_gold: int, n_pred: int, n_matched: int, n_debris: int, pairs: Sequence[tuple[str, str]]) -> Figures:
        p = n_matched / n_pred if n_pred else 0.0
        r = n_matched / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        correct = sum(1 for g, q in pairs if g == q)
        return cls(
            precision=p,
            recall=r,
            f1=f,
            status_accuracy=correct / len(pairs) if pairs else None,
            macro_f1=macro_f1(pairs),
            debris_rate=n_debris / n_pred if n_pred else None,
        )

    def as_dict(self) -> dict[str, float | None]:
        return {
            "claim_precision": self.precision,
            "claim_recall": self.recall,
            "claim_F1": self.f1,
            "label_acc": self.status_accuracy,
            "label_macroF1": self.macro_f1,
            "debris_rate": self.debris_rate,
        }


@dataclass(frozen=True, slots=True)
class CorpusScore:
    articles: tuple[ArticleScore, ...]
    overall: Figures
    n_gold: int = 0
    n_pred: int = 0
    n_matched: int = 0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)


def score_article(
    name: str, gold: GoldArticle, predictions: Sequence[Prediction], threshold: float = THRESHOLD
) -> ArticleScore:
    gold_claims = gold.get("claims", [])
    g_texts = [normalise(c["text"]) for c in gold_claims]
    p_texts = [normalise(p.get("text", "")) for p in predictions]
    p_labels = [str(p.get("suggested_status", "")).strip().casefold() for p in predictions]
    pairs = match(p_texts, g_texts, threshold)
    label_pairs = tuple((gold_claims[j]["label"], p_labels[i]) for i, j, _ in pairs)
    matched_p = {i for i, _, _ in pairs}
    matched_g = {j for _, j, _ in pairs}
    non_claims = [normalise(t) for t in gold.get("non_claims", [])]
    nc_fp = sum(
        1
        for i, p in enumerate(p_texts)
        if i not in matched_p and any(similarity_at_least(p, n, threshold) is not None for n in non_claims)
    )
    glued = glued_patterns(gold.get("glued", []))
    debris = sum(1 for p in predictions if has_debris(p.get("text", ""), glued))
    return ArticleScore(
        name=name,
        n_gold=len(g_texts),
        n_pred=len(p_texts),
        n_matched=len(pairs),
        n_debris=debris,
        nonclaims_predicted=nc_fp,
        label_pairs=label_pairs,
        unmatched_predictions=tuple(predictions[i].get("text", "") for i in range(len(p_texts)) if i not in matched_p),
        missed_gold=tuple(gold_claims[j]["text"] for j in range(len(g_texts)) if j not in matched_g),
        wrong_labels=tuple(
            (gold_claims[j]["text"], gold_claims[j]["label"], p_labels[i])
            for i, j, _ in pairs
            if gold_claims[j]["label"] != p_labels[i]
        ),
    )


def score_corpus(
    gold: Mapping[str, GoldArticle],
    predictions: Mapping[str, Sequence[Prediction]],
    threshold: float = THRESHOLD,
) -> CorpusScore:
    """Per-article and pooled figures; a gold article without predictions counts as none predicted."""
    articles = tuple(score_article(name, gold[name], predictions.get(name, []), threshold) for name in sorted(gold))
    n_gold = sum(a.n_gold for a in articles)
    n_pred = sum(a.n_pred for a in articles)
    n_matched = sum(a.n_matched for a in articles)
    n_debris = sum(a.n_debris for a in articles)
    pairs = [pair for a in articles for pair in a.label_pairs]
    confusion = {g: {p: sum(1 for a, b in pairs if a == g and b == p) for p in LABELS} for g in LABELS}
    return CorpusScore(
        articles=articles,
        overall=Figures.of(n_gold, n_pred, n_matched, n_debris, pairs),
        n_gold=n_gold,
        n_pred=n_pred,
        n_matched=n_matched,
        confusion=confusion,
    )


def load_gold(directory: Path) -> dict[str, GoldArticle]:
    gold: dict[str, GoldArticle] = {}
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            gold[path.stem] = data  # type: ignore[assignment]  # json.loads gives Any-valued dicts; the shape was checked just above
    return gold


def predict(raw: str) -> list[Prediction]:
    from reviews.extraction.pipeline import extract_article

    return [
        {"text": claim.text, "suggested_status": str(claim.suggested_status)} for claim in extract_article(raw).claims
    ]


def evaluate_directory(directory: Path, predictor: Callable[[str], list[Prediction]] = predict) -> CorpusScore:
    """Run the pipeline on every ``NAME.txt`` that has a ``NAME.json`` gold file and score it."""
    gold = load_gold(directory)
    predictions = {
        name: predictor((directory / f"{name}.txt").read_text(encoding="utf-8"))
        for name in gold
        if (directory / f"{name}.txt").is_file()
    }
    return score_corpus(gold, predictions)


# ------------------------------------------------------------------------------ outside data


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney U with tied ranks averaged)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = average
        i = j + 1
    n_pos = sum(1 for y in labels if y)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        raise ValueError("ROC-AUC needs both classes")
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def binary_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


_PTB = (
    ("-LRB-", "("),
    ("-RRB-", ")"),
    ("-LSB-", "["),
    ("-RSB-", "]"),
    ("-LCB-", "{"),
    ("-RCB-", "}"),
    ("``", "“"),
    ("''", "”"),
)


def detokenize_ptb(text: str) -> str:
    """Undo Penn-Treebank tokenisation well enough for cue matching."""
    for token, char in _PTB:
        text = text.replace(token, char)
    text = re.sub(r"\s+([,.;:!?%)\]}”])", r"\1", text)
    text = re.sub(r"([(\[{“])\s+", r"\1", text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text


def clef_checkworthiness_auc(path: Path, *, embed: bool = True) -> float:
    """ROC-AUC of the per-line check-worthiness score on the CLEF-2020 task 5 debates sample.

    As ``extract --per-line`` scores: every line through MiniLM + the fine-tuned top (in batches)
    unless ``embed`` is False.
    """
    from reviews.extraction.pipeline import extract_lines

    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle)]
    scorer = None
    if embed:
        # imported here: reviews.extraction never loads the embedding model on its own
        from reviews.matching.checkworthiness import score as scorer
    results = extract_lines([row["text"] for row in rows], embedded=scorer)
    return roc_auc([int(row["label"]) for row in rows], [r.score for r in results])


def wikiweasel_uncertainty(path: Path, *, odd_rows_only: bool = False) -> tuple[float, float, float]:
    """(precision, recall, F1) of the per-line ``uncertain`` flag on the WikiWeasel balanced sample.

    ``odd_rows_only``: the held-out half (rows 1, 3, 5 ...); the cues are developed on the even rows.
    """
    from reviews.extraction.pipeline import extract_lines

    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle)]
    if odd_rows_only:
        rows = rows[1::2]
    results = extract_lines([detokenize_ptb(row["text"]) for row in rows])
    return binary_f1([row["label"] == "1" for row in rows], [r.uncertain for r in results])
