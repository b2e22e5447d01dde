"""The fine-tuned top layer: loads from the shipped fp16 file, shares one pass with matching vectors."""

from __future__ import annotations

import numpy as np

from reviews.extraction.evaluation import roc_auc
from reviews.matching import checkworthiness, embedding

TEXTS = [
    "Unemployment has risen to 4.8% from 3.9% a year earlier.",
    "The bill passed the Senate 52 to 48 in 2019.",
    "Thank you very much, it is great to be here.",
    "What do you think we should do?",
    "I believe in this country.",
]


def test_the_shipped_top_loads_small_and_in_fp16() -> None:
    assert checkworthiness.TOP_PATH.stat().st_size < 8_000_000
    with np.load(checkworthiness.TOP_PATH) as data:
        assert {data[name].dtype for name in data.files} == {np.dtype(np.float16)}
        assert data["head.weight"].shape == (3, embedding.DIMENSIONS)
    assert checkworthiness.available()


def test_one_pass_gives_the_matching_vectors_and_deterministic_logits() -> None:
    vectors, logits = checkworthiness.embed_and_score(TEXTS)
    # the matching vectors are the original model's
    np.testing.assert_allclose(vectors, embedding.embed(TEXTS), atol=1e-5)
    assert vectors.dtype == np.float32 and logits.shape == (len(TEXTS),)
    again = checkworthiness.score(list(reversed(TEXTS)))[::-1]  # other batch order, same numbers
    np.testing.assert_allclose(again, logits, atol=1e-5)
    alone = checkworthiness.score(TEXTS[:1])
    np.testing.assert_allclose(alone, logits[:1], atol=1e-4)
    # factual sentences above courtesies and questions
    assert roc_auc([1, 1, 0, 0, 0], logits) == 1.0
    assert checkworthiness.score([]).shape == (0,)


def test_without_the_weights_file_nothing_refines(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(checkworthiness, "TOP_PATH", tmp_path / "missing.npz")
    monkeypatch.setattr(checkworthiness, "_top", None)
    assert not checkworthiness.available()
