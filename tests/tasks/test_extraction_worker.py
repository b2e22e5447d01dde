"""A real Celery worker extracts a large article queued by the API (issue 12.2)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import Article, ArticleState
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def test_a_real_worker_extracts_a_queued_article(celery_worker, editor, settings, sample_text):  # type: ignore[no-untyped-def]
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post("/api/v1/articles/", {"text": sample_text}, format="json")
    assert response.status_code == 202, response.content
    article_id = response.json()["id"]
    wait_for(lambda: Article.objects.get(pk=article_id).state != ArticleState.EXTRACTING, timeout=120)
    article = Article.objects.get(pk=article_id)
    assert article.state == ArticleState.REVIEW and article.claims.count() > 0
    assert "reviews.extract_article_claims" in celery_worker.output
