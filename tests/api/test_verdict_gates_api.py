from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import Review
from reviews.services.queue import claim_assign_next
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(reviewer) -> APIClient:
    client = APIClient()
    client.force_authenticate(reviewer)
    return client


@pytest.fixture
def held(reviewer):
    ClaimFactory()
    return claim_assign_next(reviewer=reviewer)


def test_supported_without_evidence_is_400_evidence_required(api, held):
    response = api.post(f"/api/v1/queue/{held.pk}/verdict/", {"verdict": "supported"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "evidence_required"
    assert not Review.objects.exists()


def test_needs_source_without_details_is_400_then_201_with_a_kind(api, held):
    url = f"/api/v1/queue/{held.pk}/verdict/"
    refused = api.post(url, {"verdict": "needs_source"}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "missing_source_required"
    bad_kind = api.post(url, {"verdict": "needs_source", "missing_source_kinds": ["gossip"]}, format="json")
    assert bad_kind.status_code == 400
    accepted = api.post(
        url,
        {"verdict": "needs_source", "missing_source_kinds": ["data_set"], "missing_source_note": "the survey"},
        format="json",
    )
    assert accepted.status_code == 201, accepted.content
    assert (accepted.json()["missing_source_kinds"], accepted.json()["missing_source_note"]) == (
        ["data_set"],
        "the survey",
    )
