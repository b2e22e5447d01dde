"""The sparse + embedding-side check-worthiness stack: pure Python, no embedding model loaded here."""

from __future__ import annotations

import pytest

from reviews.extraction import claims, model
from reviews.extraction.pipeline import extract_lines
from reviews.extraction.types import Sentence

TOY = model.EmbeddingModel(embedding_model="toy", stack_sparse=0.5, stack_embedding=0.75, stack_bias=0.25)


def test_combine_is_the_stacked_linear_blend() -> None:
    assert model.combine(2.0, -1.0, TOY) == pytest.approx(0.25 + 0.5 * 2.0 + 0.75 * -1.0)
    # monotone in both logits
    assert model.combine(1.0, 0.0, TOY) < model.combine(2.0, 0.0, TOY)
    assert model.combine(1.0, 0.0, TOY) < model.combine(1.0, 1.0, TOY)


def test_shipped_stack_weights_load() -> None:
    weights = model.embedding_model()
    assert weights is not None
    assert weights.embedding_model == "all-MiniLM-L6-v2 + fine-tuned layer 6"
    assert weights.stack_sparse > 0 and weights.stack_embedding > 0
    assert model.EMBEDDING_MODEL_PATH.stat().st_size < 10_000


def test_without_an_embedding_logit_the_score_is_the_sparse_models() -> None:
    assert model.refine(1.25, None) == 1.25
    assert model.combined_logit("Exports fell 3.5% in 2023.", None) == model.raw_logit("Exports fell 3.5% in 2023.")
    assert model.refine(1.25, 0.5) == pytest.approx(model.combine(1.25, 0.5))


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment has risen to 4.8% from 3.9% a year earlier.",
        "What do you think?",
        "Thank you very much.",
        "Critics warn the plan could fail.",
    ],
)
@pytest.mark.parametrize("embedded", [-6.0, 0.0, 4.0])
def test_an_embedding_logit_changes_the_ranking_but_never_claim_ness(text: str, embedded: float) -> None:
    sentence = Sentence(text, 0, len(text))
    plain = claims.judge(sentence, weasels=True)
    refined = claims.judge(sentence, weasels=True, embedded=embedded)
    assert refined.is_claim == plain.is_claim
    assert (refined.score >= claims.CLAIM_THRESHOLD) == refined.is_claim
    assert refined.status == plain.status and refined.uncertain == plain.uncertain
    if plain.is_claim:
        assert refined.score == pytest.approx(claims.refined_claim_score(text, embedded))
    assert 0.5 <= claims.refined_claim_score(text, embedded) <= 1.0


def test_extract_lines_scores_the_non_blank_cleaned_lines_once() -> None:
    calls: list[list[str]] = []

    def fake_scorer(texts):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return [2.0] * len(texts)

    lines = ["The council approved the <b>budget</b> on Tuesday.", "", "  ", "Critics warn it could fail."]
    refined = extract_lines(lines, embedded=fake_scorer)
    plain = extract_lines(lines)
    assert calls == [["The council approved the budget on Tuesday.", "Critics warn it could fail."]]
    assert [r.score for r in refined][1:3] == [0.0, 0.0]
    assert [r.is_claim for r in refined] == [r.is_claim for r in plain]
    assert refined[0].score == round(claims.refined_claim_score(refined[0].text, 2.0), 4)
    assert extract_lines(["", " "], embedded=fake_scorer)[0].score == 0.0 and len(calls) == 1


def test_stack_features_are_added_only_with_the_text() -> None:
    toy = model.EmbeddingModel(
        embedding_model="toy",
        stack_sparse=0.5,
        stack_embedding=0.75,
        stack_bias=0.25,
        stack_features=(("number", 1.5), ("question", -2.0)),
    )
    base = 0.25 + 0.5 * 2.0 + 0.75 * -1.0
    assert model.combine(2.0, -1.0, toy) == pytest.approx(base)
    assert model.combine(2.0, -1.0, toy, text="Exports fell 3.5% in 2023.") == pytest.approx(base + 1.5)
    assert model.combine(2.0, -1.0, toy, text="Did exports fall?") == pytest.approx(base - 2.0)


def test_stack_features_are_bounded_and_general() -> None:
    values = model.stack_features("Senator Ames said Ohio added 40,000 jobs in 2019, more than Texas.")
    assert all(0.0 <= v <= 1.0 for v in values.values())
    assert values["number"] == values["year"] == values["past"] == values["comparison"] == 1.0
    assert values["entities"] == 1.0 and values["question"] == 0.0
