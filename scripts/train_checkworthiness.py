#!/usr/bin/env python3
"""Train the check-worthiness model on ClaimBuster and write ``reviews/extraction/data/checkworthiness.json``.

Usage: .venv/bin/python scripts/train_checkworthiness.py [PATH/TO/claimbuster_3class_all.csv]

Logistic regression (AdaGrad, L2) over the sparse features of ``reviews.extraction.model``.
Target: CFS (check-worthy factual sentence) = 1, UFS (unimportant factual) = 0.5, NFS = 0. Only the weights are written;
the data stays in ../shared/external (it is not ours to copy).
Deterministic: fixed seed, fixed epoch count.
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviews.extraction.model import MODEL_PATH, features  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "external" / "claimbuster" / "claimbuster_3class_all.csv"
EPOCHS = 4
L2 = 1e-5
RATE = 0.1
MIN_COUNT = 3
# Graded target: check-worthy factual (CFS) 1, unimportant factual (UFS) 0.5, non-factual (NFS) 0.
TARGETS = {"1": 1.0, "0": 0.5, "-1": 0.0}


def load(path: Path) -> list[tuple[str, float]]:
    rows: list[tuple[str, float]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = row["text"].strip()
            if not text or text in seen:
                continue
            seen.add(text)
            rows.append((text, TARGETS[row["label_code"]]))
    return rows


def train(rows: list[tuple[str, float]]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    encoded = []
    for text, label in rows:
        feats = features(text)
        counts.update(feats.keys())
        encoded.append((feats, label))
    vocab = {name for name, c in counts.items() if c >= MIN_COUNT}
    encoded = [({k: v for k, v in f.items() if k in vocab}, y) for f, y in encoded]
    weights: dict[str, float] = {}
    grad_sq: dict[str, float] = {}
    rng = random.Random(42)
    for _ in range(EPOCHS):
        rng.shuffle(encoded)
        for feats, label in encoded:
            z = sum(weights.get(k, 0.0) * v for k, v in feats.items())
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            g = p - label
            for k, v in feats.items():
                w = weights.get(k, 0.0)
                grad = g * v + L2 * w
                grad_sq[k] = grad_sq.get(k, 0.0) + grad * grad
                weights[k] = w - RATE * grad / (math.sqrt(grad_sq[k]) + 1e-8)
    return {k: round(w, 4) for k, w in weights.items() if abs(w) >= 0.01}


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    if not path.is_file():
        print(f"error: training data not found: {path}", file=sys.stderr)
        return 2
    rows = load(path)
    weights = train(rows)
    MODEL_PATH.write_text(
        json.dumps(
            {
                "about": "check-worthiness logistic regression; trained by scripts/train_checkworthiness.py "
                "on ClaimBuster 3-class (CFS 1, UFS 0.5, NFS 0)",
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


if __name__ == "__main__":
    sys.exit(main(sys.argv))
