"""Model versions: recorded on claims at extraction, retrained from decisions, promoted by the test, rolled back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.exceptions import ClaimStateConflict, InvalidInput
from reviews.learning import dataset
from reviews.models import (
    AuditAction,
    AuditEvent,
    Claim,
    ClaimStatus,
    CorrectionKind,
    CorrectionState,
    ExtractionCorrection,
    ModelKind,
    ModelState,
    ModelVersion,
)
from reviews.selectors.learning import learning_decisions
from reviews.services.articles import article_ingest
from reviews.services.learning import (
    model_candidates_train,
    model_retrain_request,
    model_version_rollback,
    models_in_use,
)
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def _decide(examples: list[dataset.Example]) -> None:
    article = ArticleFactory()
    now = timezone.now() - timezone.timedelta(days=1)
    for position, example in enumerate(examples):
        ClaimFactory(
            article=article,
            position=position,
            text=example.text,
            status=example.status or ClaimStatus.NOT_A_CLAIM,
            finalised_at=now + timezone.timedelta(seconds=position),
        )


def test_every_extracted_claim_records_the_models_that_scored_it(sample_article):
    claims = list(Claim.objects.filter(article=sample_article))
    active = {v.kind: v for v in ModelVersion.objects.filter(state=ModelState.ACTIVE)}
    assert set(active) == {ModelKind.CHECKWORTHINESS, ModelKind.STATUS}
    assert all(v.is_shipped for v in active.values())
    assert claims and all(c.checkworthiness_model_id == active[ModelKind.CHECKWORTHINESS].pk for c in claims)
    assert all(c.status_model_id == active[ModelKind.STATUS].pk for c in claims)
    assert AuditEvent.objects.filter(action=AuditAction.MODEL_PROMOTED).count() == 2


def test_decisions_are_final_statuses_not_a_claim_and_editor_claims_in_time_order(editor):
    _decide(
        [
            dataset.Example("The port handled 4 million containers.", "needs_source"),
            dataset.Example("Stay tuned.", None),
        ]
    )
    added = ClaimFactory(text="The mayor resigned on Friday.")
    ExtractionCorrection.objects.create(
        kind=CorrectionKind.ADDED,
        state=CorrectionState.CONFIRMED,
        article=added.article,
        claim=added,
        reason="missed",
        proposed_by=editor,
    )
    ClaimFactory(text="Still pending and never corrected.")
    decisions = learning_decisions(limit=100)
    assert [(d.text, d.checkworthy, d.status) for d in decisions] == [
        ("The port handled 4 million containers.", 1, "needs_source"),
        ("Stay tuned.", 0, None),
        ("The mayor resigned on Friday.", 1, None),
    ]


def test_too_few_decisions_train_nothing(settings):
    settings.LEARNING_MIN_DECISIONS = 20
    _decide(dataset.load(dataset.REPLAY_PATH)[:10])
    outcome = model_candidates_train()
    assert outcome.versions == () and "at least 20" in outcome.skipped


def test_a_retrain_makes_candidates_with_figures_and_is_idempotent(settings):
    settings.LEARNING_BOOTSTRAP_RESAMPLES = 300
    _decide(dataset.load(dataset.REPLAY_PATH)[:120])
    outcome = model_candidates_train()
    assert {v.kind for v in outcome.versions} == {ModelKind.CHECKWORTHINESS, ModelKind.STATUS}
    for version in outcome.versions:
        assert version.training_size > 0 and version.held_back_size > 0
        assert version.parent is not None and version.parent.is_shipped
        assert version.figures["test"]["resamples"] == 300
        assert version.figures["test"]["margin"] == 0.02 and version.figures["test"]["confidence"] == 0.95
        assert {c["name"].split(":")[0] for c in version.figures["comparisons"]} == {
            "held-back decisions",
            "evaluation set",
        }
        assert version.state == (ModelState.ACTIVE if version.figures["promoted"] else ModelState.CANDIDATE)
    assert AuditEvent.objects.filter(action=AuditAction.MODEL_TRAINED).count() == 2
    again = model_candidates_train()
    assert again.versions == () and again.skipped == "already trained on these decisions"


def test_a_candidate_that_may_be_worse_stays_a_candidate(settings):
    settings.LEARNING_BOOTSTRAP_RESAMPLES = 200
    settings.LEARNING_PROMOTION_MARGIN = -0.5  # demands a gain of 0.5 at the lower bound: nothing passes
    _decide(dataset.load(dataset.REPLAY_PATH)[:60])
    outcome = model_candidates_train()
    assert outcome.versions and all(v.state == ModelState.CANDIDATE for v in outcome.versions)
    assert all("Kept as a candidate" in v.note for v in outcome.versions)
    assert all(v.is_shipped for v in ModelVersion.objects.filter(state=ModelState.ACTIVE))


def test_a_promoted_version_scores_the_next_articles_and_can_be_rolled_back(settings, sample_text, admin_user):
    settings.LEARNING_BOOTSTRAP_RESAMPLES = 200
    settings.LEARNING_PROMOTION_MARGIN = 1.0  # anything passes: this test is about what promotion does
    _decide(dataset.load(dataset.REPLAY_PATH)[:120])
    outcome = model_candidates_train()
    promoted = {v.kind: v for v in outcome.versions}
    assert all(v.state == ModelState.ACTIVE for v in promoted.values())
    in_use = models_in_use()
    assert in_use.checkworthiness_id == promoted[ModelKind.CHECKWORTHINESS].pk
    assert in_use.for_extraction is not None
    article = article_ingest(raw_text=sample_text).article
    claims = list(article.claims.all())
    assert all(c.checkworthiness_model_id == promoted[ModelKind.CHECKWORTHINESS].pk for c in claims)
    assert all(c.status_model_id == promoted[ModelKind.STATUS].pk for c in claims)
    assert all(
        c.rule_status in ("", *[s for s in ("supported", "speculative", "needs_source") if s != c.suggested_status])
        for c in claims
    )

    shipped = ModelVersion.objects.get(kind=ModelKind.STATUS, name="shipped")
    with pytest.raises(InvalidInput):
        model_version_rollback(version_id=shipped.pk, actor=admin_user, reason=" ")
    back = model_version_rollback(version_id=shipped.pk, actor=admin_user, reason="reviewers report odd suggestions")
    assert back.state == ModelState.ACTIVE
    assert ModelVersion.objects.get(pk=promoted[ModelKind.STATUS].pk).state == ModelState.RETIRED
    event = AuditEvent.objects.filter(action=AuditAction.MODEL_ROLLED_BACK).get()
    assert event.actor == admin_user and event.after == "shipped" and event.reason == "reviewers report odd suggestions"
    with pytest.raises(ClaimStateConflict):
        model_version_rollback(version_id=shipped.pk, actor=admin_user, reason="again")


def test_a_version_never_active_cannot_be_rolled_back_to(settings, admin_user):
    settings.LEARNING_BOOTSTRAP_RESAMPLES = 100
    settings.LEARNING_PROMOTION_MARGIN = -0.5
    _decide(dataset.load(dataset.REPLAY_PATH)[:40])
    candidate = model_candidates_train().versions[0]
    with pytest.raises(ClaimStateConflict, match="was active before"):
        model_version_rollback(version_id=candidate.pk, actor=admin_user, reason="try")


def test_admins_retrain_on_demand_through_the_task_queue(monkeypatch, admin_user, django_capture_on_commit_callbacks):
    from reviews import tasks

    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(tasks.retrain_models, "apply_async", lambda args, **options: sent.append(tuple(args)))
    with django_capture_on_commit_callbacks(execute=True):
        model_retrain_request(actor=admin_user)
    assert sent == [()]
    assert AuditEvent.objects.filter(action=AuditAction.MODEL_RETRAIN_REQUESTED, actor=admin_user).exists()


def test_the_retrain_task_is_routed_and_scheduled(settings):
    assert settings.CELERY_TASK_ROUTES["reviews.retrain_models"]["queue"].endswith("matching")
    assert any(entry["task"] == "reviews.retrain_models" for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_model_versions_in_the_admin_are_for_admins(
    client, editor, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    from reviews import tasks

    monkeypatch.setattr(tasks.retrain_models, "apply_async", lambda args, **options: None)
    changelist = reverse("admin:reviews_modelversion_changelist")
    retrain = reverse("admin:reviews_modelversion_retrain")
    client.force_login(editor)
    assert client.get(changelist).status_code == 403
    assert client.post(retrain).status_code == 403
    client.force_login(admin_user)
    assert client.get(changelist).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retrain).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.MODEL_RETRAIN_REQUESTED).count() == 1


def test_an_active_version_for_other_shipped_weights_gives_way_to_the_shipped_model(sample_text):
    stale = ModelVersion.objects.create(
        kind=ModelKind.CHECKWORTHINESS, name="checkworthiness-1", base="older-weights", state=ModelState.ACTIVE
    )
    assert models_in_use().checkworthiness_id is None
    article = article_ingest(raw_text=sample_text).article
    shipped = ModelVersion.objects.get(kind=ModelKind.CHECKWORTHINESS, name="shipped")
    assert shipped.state == ModelState.ACTIVE and shipped.base != "older-weights"
    assert ModelVersion.objects.get(pk=stale.pk).state == ModelState.RETIRED
    assert set(article.claims.values_list("checkworthiness_model_id", flat=True)) == {shipped.pk}


def test_the_reason_shown_to_reviewers_says_when_the_learned_model_differs_from_the_rules():
    from reviews.selectors.queue import suggestion_reason

    cues = [{"text": "said", "start": 10, "end": 14, "kind": "attribution"}]
    same = ClaimFactory(suggested_status="supported", cues=cues)
    differs = ClaimFactory(suggested_status="supported", rule_status="needs_source", cues=cues)
    assert "learned" not in suggestion_reason(same)
    reason = suggestion_reason(differs)
    assert "attributed to a named source" in reason and "the rules alone said needs source" in reason


def test_the_task_trains_from_the_decisions(settings, monkeypatch):
    from reviews import tasks
    from reviews.matching import checkworthiness

    settings.LEARNING_BOOTSTRAP_RESAMPLES = 100
    monkeypatch.setattr(checkworthiness, "available", lambda: False)  # a worker without the embedding model
    _decide(dataset.load(dataset.REPLAY_PATH)[:40])
    ids = tasks.retrain_models()
    assert len(ids) == 2 and tasks.retrain_models() == []


def test_admins_roll_back_from_the_admin_with_a_reason(client, admin_user, sample_article):
    shipped = ModelVersion.objects.get(kind=ModelKind.STATUS, name="shipped")
    learned = ModelVersion.objects.create(
        kind=ModelKind.STATUS, name="status-1", base="rules", parent=shipped, training_size=50
    )
    ModelVersion.objects.filter(pk=shipped.pk).update(state=ModelState.RETIRED)
    ModelVersion.objects.filter(pk=learned.pk).update(state=ModelState.ACTIVE, activated_at=timezone.now())
    client.force_login(admin_user)
    changelist = reverse("admin:reviews_modelversion_changelist")
    page = client.get(changelist)
    assert b"status-1" in page.content and b"Retrain now" in page.content
    client.post(changelist, {"action": "roll_back", "_selected_action": [shipped.pk], "reason": "too eager"})
    assert ModelVersion.objects.get(pk=shipped.pk).state == ModelState.ACTIVE
    assert ModelVersion.objects.get(pk=learned.pk).state == ModelState.RETIRED
    assert AuditEvent.objects.get(action=AuditAction.MODEL_ROLLED_BACK).reason == "too eager"
