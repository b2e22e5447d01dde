"""The pure learning code: warm starts, what a few decisions change, the metrics and the promotion test."""

from __future__ import annotations

import resource

import numpy as np
import pytest

from reviews.extraction import model
from reviews.extraction.types import Status
from reviews.learning import checkworthiness as cw
from reviews.learning import dataset
from reviews.learning import status as st
from reviews.learning.evaluation import auc, compare_accuracy, compare_auc, promote
from reviews.learning.models import NewsroomModels


def test_with_no_decisions_the_models_are_the_shipped_ones():
    shipped = cw.train([], [])
    assert shipped.is_shipped
    for example in dataset.evaluation_set()[:20]:
        assert shipped.logit(example.text) == pytest.approx(model.raw_logit(example.text))
        assert shipped.logit(example.text, 1.5) == pytest.approx(model.combined_logit(example.text, 1.5))
    rules = st.train([], [])
    assert rules.is_rules
    names, rule = st.sentence_features("Critics warn the plan could fail.")
    assert rules.predict_text("Critics warn the plan could fail.") == rule == Status.SPECULATIVE


def test_confirmed_not_a_claim_decisions_lower_similar_sentences():
    non_claims = [f"Sign up for our {topic} newsletter today." for topic in ("morning", "evening", "sports", "weekly")]
    claims = [f"The council spent {n} million euros on roads in 2023." for n in range(10, 30)]
    texts = non_claims * 3 + claims
    labels = [0] * (3 * len(non_claims)) + [1] * len(claims)
    learned = cw.train(texts, labels)
    unseen = "Sign up for our business newsletter today."
    assert learned.logit(unseen) < cw.shipped().logit(unseen)
    assert learned.base == cw.shipped_fingerprint()
    assert cw.CheckworthinessModel.from_json(learned.to_json()).logit(unseen) == pytest.approx(learned.logit(unseen))


def test_the_stacker_is_refitted_from_the_shipped_one_when_embedding_logits_are_given():
    examples = dataset.load(dataset.REPLAY_PATH)[:120]
    rng = np.random.default_rng(0)
    embedded = [(2.0 if e.checkworthy else -2.0) + rng.normal() for e in examples]
    learned = cw.train([e.text for e in examples], [e.checkworthy for e in examples], embedded=embedded)
    shipped_stack = cw.shipped_stack()
    assert learned.stack is not None and shipped_stack is not None
    assert learned.stack != shipped_stack
    assert learned.stacked_logit(0.0, 1.0) == pytest.approx(learned.stack.logit(0.0, 1.0))


def test_the_status_model_learns_a_systematic_correction_of_the_rules():
    # This newsroom files "<body> figures show ..." as supported; say the rules do not see the source.
    template = "Figures from the {} show that prices rose {}% last year."
    bodies = ["Harbour Board", "Grain Council", "Rail Office", "Water Board", "Tax Office", "Trade Council"]
    texts = [template.format(body, n) for body in bodies for n in (3, 5, 7)]
    rules = [st.sentence_features(t)[1] for t in texts]
    target = Status.SUPPORTED if rules[0] != Status.SUPPORTED else Status.NEEDS_SOURCE
    learned = st.train(texts, [target.value] * len(texts))
    unseen = template.format("Fishery Agency", 9)
    assert learned.predict_text(unseen) == target
    assert st.StatusModel.from_json(learned.to_json()).predict_text(unseen) == target
    combined = NewsroomModels(cw.shipped(), learned)
    assert combined.sparse_logit(unseen) == pytest.approx(model.raw_logit(unseen))


def test_auc_and_accuracy():
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    assert auc([0.5, 0.5], [0, 1]) == pytest.approx(0.5)
    assert auc([0.1, 0.2], [1, 1]) is None


def test_paired_bootstrap_promotes_an_equal_model_and_refuses_a_worse_one():
    gold = ["supported", "speculative", "needs_source"] * 40
    same = compare_accuracy("same", gold, gold, gold)
    assert same is not None and same.delta == 0 and same.not_worse and promote([same])
    worse_predictions = ["needs_source"] * len(gold)
    worse = compare_accuracy("worse", gold, worse_predictions, gold)
    assert worse is not None and not worse.not_worse and not promote([same, worse])
    labels = [0, 1] * 50
    good = [float(y) + 0.1 * i / 100 for i, y in enumerate(labels)]
    bad = [0.5] * len(labels)
    auc_worse = compare_auc("auc", good, bad, labels, resamples=300)
    assert auc_worse is not None and auc_worse.delta == pytest.approx(-0.5) and not auc_worse.not_worse
    assert not promote([None, None])  # nothing could be compared: no promotion


def test_a_retrain_on_the_largest_decision_set_takes_seconds_of_cpu():
    """LEARNING_MAX_DECISIONS (3000) decisions: both models, CPU time (the machine may be loaded)."""
    examples = dataset.load(dataset.REPLAY_PATH)
    texts = [f"{e.text[:-1]} in district {i % 97}." for i, e in enumerate(examples * 14)][:3000]
    labels = [e.checkworthy for e in examples * 14][:3000]
    statuses = [e.status for e in examples * 14][:3000]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    cw.train(texts, labels, embedded=[float(y) for y in labels])
    decided = [(t, s) for t, s in zip(texts, statuses, strict=True) if s]
    st.train([t for t, _ in decided], [str(s) for _, s in decided])
    assert resource.getrusage(resource.RUSAGE_SELF).ru_utime - before < 60


def test_the_shipped_sets_are_disjoint_and_well_formed():
    evaluation = dataset.evaluation_set()
    replay = dataset.load(dataset.REPLAY_PATH)
    assert len(evaluation) >= 120 and len(replay) >= 200
    assert not {e.text for e in evaluation} & {e.text for e in replay}
    for examples in (evaluation, replay):
        assert {e.status for e in examples} == {None, "supported", "speculative", "needs_source"}


def test_a_learned_model_reranks_and_may_change_statuses_but_never_which_sentences_are_claims(sample_text):
    from reviews.extraction.pipeline import extract_article

    replayed = dataset.load(dataset.REPLAY_PATH)
    decided = [e for e in replayed if e.status]
    learned = NewsroomModels(
        cw.train([e.text for e in replayed], [e.checkworthy for e in replayed]),
        st.train([e.text for e in decided], [str(e.status) for e in decided]),
    )
    shipped = extract_article(sample_text)
    relearned = extract_article(sample_text, learned=learned)
    assert [(c.start, c.end) for c in relearned.claims] == [(c.start, c.end) for c in shipped.claims]
    assert all(0.5 <= c.score <= 1 for c in relearned.claims)
    for before, after in zip(shipped.claims, relearned.claims, strict=True):
        assert after.rule_status in (None, before.suggested_status)
        assert (after.rule_status is None) == (after.suggested_status == before.suggested_status)


def test_a_shipped_stacker_with_sentence_features_is_warm_started_with_them(monkeypatch):
    """Forward-compatible with a stacker that also weighs sentence features (``model.stack_features``)."""
    weights = model.embedding_model()
    assert weights is not None

    class WithFeatures:
        stack_bias, stack_sparse, stack_embedding = weights.stack_bias, weights.stack_sparse, weights.stack_embedding
        stack_features = (("number", 0.5),)

    monkeypatch.setattr(model, "embedding_model", lambda: WithFeatures)
    monkeypatch.setattr(
        model, "stack_features", lambda text: {"number": float(any(c.isdigit() for c in text))}, raising=False
    )
    shipped = cw.shipped()
    assert shipped.stacked_logit(0.0, 0.0, "In 2020.") - shipped.stacked_logit(0.0, 0.0, "In May.") == pytest.approx(
        0.5
    )
    examples = dataset.load(dataset.REPLAY_PATH)[:80]
    learned = cw.train(
        [e.text for e in examples], [e.checkworthy for e in examples], embedded=[float(e.checkworthy) for e in examples]
    )
    assert learned.stack is not None and [name for name, _ in learned.stack.features] == ["number"]
    again = cw.CheckworthinessModel.from_json(learned.to_json())
    assert again.stacked_logit(0.1, 0.2, "In 2020.") == pytest.approx(learned.stacked_logit(0.1, 0.2, "In 2020."))
