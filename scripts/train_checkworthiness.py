#!/usr/bin/env python3
"""Train the check-worthiness model on ClaimBuster and write ``reviews/extraction/data/checkworthiness.json``.

Usage: .venv/bin/python scripts/train_checkworthiness.py [PATH/TO/claimbuster_3class_all.csv] [--cv]
       .venv/bin/python scripts/train_checkworthiness.py [PATH] --embedding [--embeddings=CACHE.npy] [--cv]

L2-regularised logistic regression (scikit-learn, L-BFGS, ``C`` = 0.3) over the sparse features of
``reviews.extraction.model``. Target: CFS (check-worthy factual sentence) = 1, UFS and NFS = 0; duplicate
texts are kept once. ``--cv`` prints the 5-fold cross-validated ROC-AUC on ClaimBuster instead of writing.

Model choice (5-fold CV on ClaimBuster's 10,196 distinct sentences, CFS vs rest, ROC-AUC of the logit):
AdaGrad (the previous trainer, graded target CFS 1 / UFS 0.5 / NFS 0, 4 epochs) 0.905; this trainer
with C = 0.1 / 0.3 / 1.0: 0.911 / 0.913 / 0.912; the graded target at C = 0.3: 0.910; adding character 3-5-grams
0.912, word trigrams 0.913 (not worth the weight file). CLEF and WikiWeasel are evaluation data: they play no
part here.

``--embedding`` writes ``reviews/extraction/data/checkworthiness_embedding.json`` instead (the sparse
weights must be trained first; they are read back from ``checkworthiness.json``): a 3-class (NFS / UFS /
CFS) multinomial logistic regression, ``C`` = 3, over the MiniLM (all-MiniLM-L6-v2, unit-length) vectors
of the same sentences, and a stacker: logistic regression (``C`` = 1) of CFS-vs-rest on the two models'
5-fold out-of-fold logits (sparse logit, embedding logit log P(CFS)/(1 - P(CFS))), same folds as ``--cv``.
The vectors take ~2 minutes to compute on one thread; ``--embeddings=CACHE.npy`` reuses (or writes) them
(rows in ``load`` order). ``--embedding --cv`` prints nested CV figures (stacker fitted on other folds).

Embedding-side choice (same CV; the "split" figure ranks rules-claims above non-claims as the product does):
sparse alone 0.912 (split 0.906); embedding LR binary C = 1 / 3 / 10: 0.914 / 0.915 / 0.914; 3-class C = 1 / 3 / 10:
0.919 / 0.919 / 0.917; MLP (256 hidden, alpha 0.01, seed 0) 0.918; joint LR over sparse + embedding 0.927.
Combined with the sparse logit: equal z-weights, binary LR 0.934 (split 0.923); stacked 3-class LR 0.935
(split 0.925); stacked 3-class LR + MLP 0.936 (split 0.925, not worth 100 k more weights); adding the rule flags
(structural, specificity, hedge, source, length) to the stacker 0.936 (split 0.925, no gain).

Only the weights are written; the data stays in ../shared/external (it is not ours to copy).
Deterministic: L-BFGS on a fixed feature order (sorted names), no random state; the embedding model is run
on CPU with one thread.
scikit-learn is a training-time dependency only (the ``train`` extra); inference is plain Python (numpy for
the embedding side).
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviews.extraction.model import EMBEDDING_MODEL_PATH, MODEL_PATH, features, raw_logit  # noqa: E402

SHARED = Path(os.environ.get("NEWSROOM_SHARED_DIR") or ROOT.parent / "shared")
DEFAULT_DATA = SHARED / "external" / "claimbuster" / "claimbuster_3class_all.csv"
C = 0.3
MIN_COUNT = 2  # a feature seen once cannot generalise; dropping it keeps the weight file small
MIN_WEIGHT = 0.01
FOLDS = 5
EMBEDDING_C = 3.0
STACK_C = 1.0


def load(path: Path, *, classes: bool = False) -> list[tuple[str, int]]:
    """Distinct sentences with CFS = 1 else 0, or with ``classes`` the 3-class code (NFS 0, UFS 1, CFS 2)."""
    rows: list[tuple[str, int]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = row["text"].strip()
            if not text or text in seen:
                continue
            seen.add(text)
            code = int(row["label_code"])
            rows.append((text, code + 1 if classes else int(code == 1)))
    return rows


def fold_of(n: int) -> list[int]:
    order = list(range(n))
    random.Random(0).shuffle(order)
    folds = [0] * n
    for fold in range(FOLDS):
        for i in order[fold::FOLDS]:
            folds[i] = fold
    return folds


def _matrix(encoded: list[dict[str, float]], names: list[str]):  # noqa: ANN202 - scipy type
    from scipy.sparse import csr_matrix

    index = {name: i for i, name in enumerate(names)}
    data, cols, indptr = [], [], [0]
    for feats in encoded:
        for name, value in feats.items():
            i = index.get(name)
            if i is not None:
                cols.append(i)
                data.append(value)
        indptr.append(len(cols))
    return csr_matrix((data, cols, indptr), shape=(len(encoded), len(names)))


def train(rows: list[tuple[str, int]]) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression

    encoded = [features(text) for text, _ in rows]
    counts: dict[str, int] = {}
    for feats in encoded:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, c in counts.items() if c >= MIN_COUNT and name != "<bias>")
    fitted = LogisticRegression(C=C, max_iter=5000, tol=1e-6)
    fitted.fit(_matrix(encoded, names), [label for _, label in rows])
    weights = {name: round(float(w), 4) for name, w in zip(names, fitted.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT}
    weights["<bias>"] = round(float(fitted.intercept_[0]), 4)
    return weights


def out_of_fold_logits(rows: list[tuple[str, int]]) -> list[float]:
    folds = fold_of(len(rows))
    logits = [0.0] * len(rows)
    for fold in range(FOLDS):
        weights = train([row for i, row in enumerate(rows) if folds[i] != fold])
        for i in (i for i in range(len(rows)) if folds[i] == fold):
            logits[i] = sum(weights.get(name, 0.0) * v for name, v in features(rows[i][0]).items())
    return logits


def cross_validate(rows: list[tuple[str, int]]) -> float:
    from reviews.extraction.evaluation import roc_auc

    return roc_auc([label for _, label in rows], out_of_fold_logits(rows))


# ---------------------------------------------------------------------------------------- embedding side


def embeddings(texts: list[str], cache: Path | None):  # noqa: ANN201 - numpy array
    import numpy as np

    if cache is not None and cache.is_file():
        vectors = np.load(cache)
        if vectors.shape[0] == len(texts):
            return vectors
    from reviews.matching.embedding import embed

    vectors = embed(texts)
    if cache is not None:
        np.save(cache, vectors)
    return vectors


def _embedding_fit(vectors, classes):  # noqa: ANN001, ANN202
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=EMBEDDING_C, max_iter=5000, tol=1e-6).fit(vectors, classes)


def _cfs_logit(fitted, vectors):  # noqa: ANN001, ANN202 - log P(CFS) / (1 - P(CFS))
    import numpy as np

    p = np.clip(fitted.predict_proba(vectors)[:, 2], 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


def embedding_out_of_fold(vectors, classes, folds):  # noqa: ANN001, ANN201
    import numpy as np

    logits = np.zeros(len(classes))
    for fold in range(FOLDS):
        held = folds == fold
        logits[held] = _cfs_logit(_embedding_fit(vectors[~held], classes[~held]), vectors[held])
    return logits


def _stack_fit(sparse, embedded, labels):  # noqa: ANN001, ANN202
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=STACK_C, max_iter=1000, tol=1e-8).fit(np.c_[sparse, embedded], labels)


def train_embedding(rows3: list[tuple[str, int]], vectors) -> dict[str, object]:  # noqa: ANN001
    import numpy as np

    classes = np.array([c for _, c in rows3])
    labels = (classes == 2).astype(int)
    folds = np.array(fold_of(len(rows3)))
    sparse = np.array(out_of_fold_logits([(t, int(c == 2)) for t, c in rows3]))
    embedded = embedding_out_of_fold(vectors, classes, folds)
    stack = _stack_fit(sparse, embedded, labels)
    final = _embedding_fit(vectors, classes)
    assert list(final.classes_) == [0, 1, 2]
    return {
        "about": "check-worthiness, embedding side: 3-class (NFS, UFS, CFS) logistic regression (C=3) over "
        "all-MiniLM-L6-v2 vectors, stacked with the sparse logit by a logistic regression on ClaimBuster "
        "5-fold out-of-fold logits; trained by scripts/train_checkworthiness.py --embedding",
        "embedding_model": "all-MiniLM-L6-v2",
        "n_train": len(rows3),
        "classes": ["NFS", "UFS", "CFS"],
        "stack": {
            "sparse": round(float(stack.coef_[0][0]), 6),
            "embedding": round(float(stack.coef_[0][1]), 6),
            "bias": round(float(stack.intercept_[0]), 6),
        },
        "intercept": [round(float(b), 6) for b in final.intercept_],
        "coef": [[round(float(w), 6) for w in row] for row in final.coef_],
    }


def cross_validate_embedding(rows3: list[tuple[str, int]], vectors) -> dict[str, float]:  # noqa: ANN001
    """Nested: the stacker for each fold is fitted on out-of-fold logits of the other folds only."""
    import numpy as np

    from reviews.extraction.evaluation import roc_auc
    from reviews.extraction.pipeline import extract_lines

    texts = [t for t, _ in rows3]
    classes = np.array([c for _, c in rows3])
    labels = (classes == 2).astype(int)
    folds = np.array(fold_of(len(rows3)))
    sparse = np.array(out_of_fold_logits([(t, int(c == 2)) for t, c in rows3]))
    embedded = embedding_out_of_fold(vectors, classes, folds)
    stacked = np.zeros(len(rows3))
    second = np.array(fold_of(len(rows3)))[np.random.default_rng(1).permutation(len(rows3))]
    for fold in range(FOLDS):
        held = second == fold
        fitted = _stack_fit(sparse[~held], embedded[~held], labels[~held])
        stacked[held] = fitted.decision_function(np.c_[sparse[held], embedded[held]])
    is_claim = np.array([r.is_claim for r in extract_lines(texts)], dtype=float)
    return {
        "sparse": roc_auc(labels, sparse),
        "embedding": roc_auc(labels, embedded),
        "stacked": roc_auc(labels, stacked),
        "sparse split": roc_auc(labels, is_claim * 100 + sparse),
        "stacked split": roc_auc(labels, is_claim * 100 + stacked),
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT_DATA
    if not path.is_file():
        print(f"error: training data not found: {path}", file=sys.stderr)
        return 2
    if "--embedding" in argv:
        return main_embedding(path, argv)
    rows = load(path)
    if "--cv" in argv:
        print(f"{FOLDS}-fold ClaimBuster ROC-AUC (CFS vs rest): {cross_validate(rows):.4f}")
        return 0
    weights = train(rows)
    MODEL_PATH.write_text(
        json.dumps(
            {
                "about": "check-worthiness logistic regression (L2, C=0.3); trained by "
                "scripts/train_checkworthiness.py on ClaimBuster 3-class (CFS 1, UFS and NFS 0)",
                "n_train": len(rows),
                "weights": dict(sorted(weights.items())),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"trained on {len(rows)} sentences; {len(weights)} weights -> {MODEL_PATH}")
    return 0


def main_embedding(path: Path, argv: list[str]) -> int:
    if raw_logit("a") == 0.0:
        print(f"error: train the sparse weights first ({MODEL_PATH} is missing)", file=sys.stderr)
        return 2
    cache = next((Path(a.split("=", 1)[1]) for a in argv if a.startswith("--embeddings=")), None)
    rows3 = load(path, classes=True)
    vectors = embeddings([t for t, _ in rows3], cache)
    if "--cv" in argv:
        for name, value in cross_validate_embedding(rows3, vectors).items():
            print(f"{FOLDS}-fold ClaimBuster ROC-AUC (CFS vs rest), {name}: {value:.4f}")
        return 0
    weights = train_embedding(rows3, vectors)
    EMBEDDING_MODEL_PATH.write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"trained on {len(rows3)} sentences; stack {weights['stack']} -> {EMBEDDING_MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
