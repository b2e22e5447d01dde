from __future__ import annotations

from reviews.extraction.evaluation import (
    GoldArticle,
    Prediction,
    binary_f1,
    detokenize_ptb,
    glued_patterns,
    has_debris,
    macro_f1,
    roc_auc,
    score_corpus,
)

GOLD: dict[str, GoldArticle] = {
    "a": {
        "claims": [
            {"text": "The bank raised rates 11 times.", "label": "needs_source"},
            {"text": "Rates could fall next year, analysts believe.", "label": "speculative"},
            {"text": "Inflation fell, the office said.", "label": "supported"},
        ],
        "non_claims": ["Looking Ahead"],
        "glued": ["tothe"],
    }
}


def test_perfect_predictions_score_one() -> None:
    preds: dict[str, list[Prediction]] = {
        "a": [{"text": c["text"], "suggested_status": c["label"]} for c in GOLD["a"]["claims"]]
    }
    result = score_corpus(GOLD, preds)
    assert result.overall.f1 == 1.0 and result.overall.status_accuracy == 1.0 and result.overall.debris_rate == 0.0


def test_matching_is_one_to_one_by_similarity_after_normalisation() -> None:
    preds: dict[str, list[Prediction]] = {
        "a": [
            {"text": "the bank raised rates 11 times .", "suggested_status": "needs_source"},
            {"text": "The bank raised rates 11 times.", "suggested_status": "supported"},
            {"text": "Looking Ahead", "suggested_status": "needs_source"},
            {"text": "Something else entirely went tothe shops.", "suggested_status": "needs_source"},
        ]
    }
    result = score_corpus(GOLD, preds)
    article = result.articles[0]
    assert article.n_matched == 1 and article.n_pred == 4
    assert article.nonclaims_predicted == 1
    assert article.n_debris == 2  # " ." and the glued token
    assert result.overall.precision == 0.25 and round(result.overall.recall, 3) == 0.333
    assert result.overall.status_accuracy == 0.0  # the exact-text prediction wins the pair


def test_missing_predictions_count_as_none() -> None:
    result = score_corpus(GOLD, {})
    assert result.overall.f1 == 0.0 and result.overall.debris_rate is None


def test_macro_f1_skips_absent_labels() -> None:
    assert macro_f1([("supported", "supported"), ("speculative", "speculative")]) == 1.0
    assert macro_f1([]) is None


def test_debris_definition_matches_the_reference_scorer() -> None:
    assert has_debris("a  b") and has_debris("a , b") and has_debris("x &amp; y") and has_debris("a\u00a0b")
    assert has_debris("went tothe shops", glued_patterns(["tothe"]))
    assert not has_debris("A clean sentence, with 3.5% and U.S. dollars.")


def test_roc_auc_and_f1() -> None:
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5
    assert binary_f1([True, False, True], [True, True, False]) == (0.5, 0.5, 0.5)


def test_ptb_detokenisation() -> None:
    assert detokenize_ptb("He said `` yes '' -LRB- twice -RRB- .") == "He said “yes” (twice)."
