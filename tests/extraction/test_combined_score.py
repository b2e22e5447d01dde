"""The sparse + embedding check-worthiness combination: pure numpy, no embedding model loaded here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reviews.extraction import claims, model
from reviews.extraction.pipeline import extract_lines
from reviews.extraction.types import Sentence

TOY = model.EmbeddingModel(
    embedding_model="toy",
    coef=np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]),
    intercept=np.array([0.0, 0.1, -0.2]),
    stack_sparse=0.5,
    stack_embedding=0.75,
    stack_bias=0.25,
)


def test_embedding_logit_is_the_log_odds_of_the_cfs_class() -> None:
    vector = np.array([0.6, 0.8])
    z = TOY.coef @ vector + TOY.intercept
    p = np.exp(z) / np.exp(z).sum()
    expected = math.log(p[2] / (1 - p[2]))
    assert model.embedding_logits(vector, TOY)[0] == pytest.approx(expected)
    two = model.embedding_logits(np.vstack([vector, -vector]), TOY)
    assert two.shape == (2,) and two[0] == pytest.approx(expected)


def test_combine_is_the_stacked_linear_blend() -> None:
    assert model.combine(2.0, -1.0, TOY) == pytest.approx(0.25 + 0.5 * 2.0 + 0.75 * -1.0)
    # monotone in both logits
    assert model.combine(1.0, 0.0, TOY) < model.combine(2.0, 0.0, TOY)
    assert model.combine(1.0, 0.0, TOY) < model.combine(1.0, 1.0, TOY)


def test_shipped_embedding_weights_load_and_fit_minilm() -> None:
    weights = model.embedding_model()
    assert weights is not None
    assert weights.embedding_model == "all-MiniLM-L6-v2"
    assert weights.coef.shape == (3, 384) and weights.intercept.shape == (3,)
    assert weights.stack_sparse > 0 and weights.stack_embedding > 0
    assert model.EMBEDDING_MODEL_PATH.stat().st_size < 2_000_000


def test_without_a_vector_the_score_is_the_sparse_models() -> None:
    assert model.refine(1.25, None) == 1.25
    assert model.combined_logit("Exports fell 3.5% in 2023.", None) == model.raw_logit("Exports fell 3.5% in 2023.")


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment has risen to 4.8% from 3.9% a year earlier.",
        "What do you think?",
        "Thank you very much.",
        "Critics warn the plan could fail.",
    ],
)
def test_a_vector_changes_the_ranking_but_never_claim_ness(text: str) -> None:
    vector = np.random.default_rng(len(text)).standard_normal(384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    sentence = Sentence(text, 0, len(text))
    plain = claims.judge(sentence, weasels=True)
    refined = claims.judge(sentence, weasels=True, vector=vector)
    assert refined.is_claim == plain.is_claim
    assert (refined.score >= claims.CLAIM_THRESHOLD) == refined.is_claim
    assert refined.status == plain.status and refined.uncertain == plain.uncertain
    if plain.is_claim:
        assert refined.score == pytest.approx(claims.refined_claim_score(text, vector))
    assert 0.5 <= claims.refined_claim_score(text, vector) <= 1.0


def test_extract_lines_embeds_the_non_blank_cleaned_lines_once() -> None:
    calls: list[list[str]] = []

    def fake_embed(texts):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return np.tile(np.eye(384, dtype=np.float32)[0], (len(texts), 1))

    lines = ["The council approved the <b>budget</b> on Tuesday.", "", "  ", "Critics warn it could fail."]
    refined = extract_lines(lines, embed=fake_embed)
    plain = extract_lines(lines)
    assert calls == [["The council approved the budget on Tuesday.", "Critics warn it could fail."]]
    assert [r.score for r in refined][1:3] == [0.0, 0.0]
    assert [r.is_claim for r in refined] == [r.is_claim for r in plain]
    vector = np.eye(384, dtype=np.float32)[0]
    assert refined[0].score == round(claims.refined_claim_score(refined[0].text, vector), 4)
    assert extract_lines(["", " "], embed=fake_embed)[0].score == 0.0 and len(calls) == 1
