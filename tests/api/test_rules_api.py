"""Recusals and re-review dates through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.models import Recusal
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_reviewer_manages_their_own_recusals(reviewer, reviewer2):
    created = _api(reviewer).post("/api/v1/recusals/", {"kind": "topic", "term": "Sport"}, format="json")
    assert created.status_code == 201 and created.json()["reviewer_username"] == "rita"
    for_someone_else = _api(reviewer).post(
        "/api/v1/recusals/", {"reviewer": reviewer2.pk, "kind": "topic", "term": "Sport"}, format="json"
    )
    assert for_someone_else.status_code == 403
    assert _api(reviewer2).get("/api/v1/recusals/").json()["count"] == 0  # only your own
    assert _api(reviewer).delete(f"/api/v1/recusals/{created.json()['id']}/").status_code == 204
    assert not Recusal.objects.exists()


def test_editors_recuse_reviewers_and_see_blocked_claims(editor, reviewer, reviewer2):
    ClaimFactory(article=ArticleFactory(desk="Sport"))
    for user in (reviewer, reviewer2):
        response = _api(editor).post(
            "/api/v1/recusals/", {"reviewer": user.pk, "kind": "topic", "term": "sport"}, format="json"
        )
        assert response.status_code == 201
    blocked = _api(editor).get("/api/v1/recusals/blocked/")
    assert blocked.status_code == 200 and blocked.json()[0]["recused"] == ["rita", "rob"]
    assert _api(reviewer).get("/api/v1/recusals/blocked/").status_code == 403


def test_re_review_date_through_the_api(editor, reviewer, reviewer2):
    claim = ClaimFactory(status="supported")
    ReviewFactory(claim=claim, reviewer=reviewer)
    when = (timezone.localdate() + timedelta(days=10)).isoformat()
    mine = _api(reviewer).post(f"/api/v1/claims/{claim.pk}/rereview/", {"rereview_on": when}, format="json")
    assert mine.status_code == 200 and mine.json()["rereview_on"] == when and mine.json()["rereview_due"] is False
    not_mine = _api(reviewer2).post(f"/api/v1/claims/{claim.pk}/rereview/", {"rereview_on": when}, format="json")
    assert not_mine.status_code == 403
    past = _api(editor).post(f"/api/v1/claims/{claim.pk}/rereview/", {"rereview_on": "2020-01-01"}, format="json")
    assert past.status_code == 400 and past.json()["error"]["code"] == "invalid_rereview_date"
    cleared = _api(editor).post(f"/api/v1/claims/{claim.pk}/rereview/", {"rereview_on": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["rereview_on"] is None
