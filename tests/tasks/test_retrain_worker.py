"""An admin's "Retrain now" goes through the broker to a real worker on the matching queue, which trains
candidates (its stacker on embedding-side logits) and runs again without training anything new."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reviews.learning import dataset
from reviews.models import ClaimStatus, ModelKind, ModelVersion
from reviews.services.learning import model_retrain_request
from tests.conftest import start_worker, wait_for
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_real_matching_worker_retrains_on_request(admin_user, settings):
    settings.LEARNING_BOOTSTRAP_RESAMPLES = 200
    article = ArticleFactory()
    start = timezone.now() - timezone.timedelta(days=1)
    for position, example in enumerate(dataset.load(dataset.REPLAY_PATH)[:60]):
        ClaimFactory(
            article=article,
            position=position,
            text=example.text,
            status=example.status or ClaimStatus.NOT_A_CLAIM,
            finalised_at=start + timezone.timedelta(seconds=position),
        )
    worker = start_worker({"LEARNING_BOOTSTRAP_RESAMPLES": "200"}, queues=("matching",))
    try:
        model_retrain_request(actor=admin_user)
        assert wait_for(lambda: ModelVersion.objects.exclude(name="shipped").count() == 2, timeout=240)
        trained = ModelVersion.objects.get(kind=ModelKind.CHECKWORTHINESS, name="checkworthiness-1")
        assert trained.embedding_used and trained.training_size > 0
        assert "reviews.retrain_models" in worker.output
    finally:
        worker.stop()
