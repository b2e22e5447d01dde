from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def article():
    article = ArticleFactory()
    ClaimFactory(article=article, status="supported")
    ClaimFactory(article=article, status="pending")
    return article


def test_article_serializers_carry_readiness_version_and_clearance(api, editor, article):
    api.force_authenticate(editor)
    listed = api.get("/api/v1/articles/").json()["results"][0]
    assert listed["readiness"] == {"total": 2, "unresolved": 1, "ready": False, "label": "1 of 2 claims unresolved"}
    assert (listed["version"], listed["previous_version"], listed["cleared_at"]) == (1, None, None)
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["readiness"]["label"] == "1 of 2 claims unresolved"


def test_clear_is_refused_while_unresolved_and_allowed_with_an_override(api, editor, reviewer, article):
    api.force_authenticate(reviewer)
    assert api.post(f"/api/v1/articles/{article.pk}/clear/", {}, format="json").status_code == 403
    api.force_authenticate(editor)
    refused = api.post(f"/api/v1/articles/{article.pk}/clear/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "article_not_ready"
    cleared = api.post(f"/api/v1/articles/{article.pk}/clear/", {"override_reason": "Deadline."}, format="json")
    assert cleared.status_code == 200
    body = cleared.json()
    assert (body["cleared_by"], body["clearance_override_reason"]) == ("edna", "Deadline.")
    assert api.post("/api/v1/articles/999999/clear/", {}, format="json").status_code == 404
