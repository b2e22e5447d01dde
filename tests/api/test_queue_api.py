from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import ClaimStatus
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_reviewer_drives_the_queue_through_the_api(reviewer, reviewer2):
    claim = ClaimFactory()
    api = APIClient()
    api.force_authenticate(reviewer)
    taken = api.post("/api/v1/queue/next/")
    assert taken.status_code == 201
    assignment_id = taken.json()["id"]
    assert taken.json()["claim"]["id"] == claim.pk

    other = APIClient()
    other.force_authenticate(reviewer2)
    refused = other.post(f"/api/v1/queue/{assignment_id}/verdict/", {"verdict": "supported"}, format="json")
    # Someone else's lease is outside the caller's scope: 404, not a hint that it exists.
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    assert other.post("/api/v1/queue/next/").status_code == 404

    done = api.post(
        f"/api/v1/queue/{assignment_id}/verdict/",
        {"verdict": "supported", "evidence": [{"url": "https://example.org/x", "title": "Source"}]},
        format="json",
    )
    assert done.status_code == 201, done.content
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUPPORTED


def test_editor_cannot_take_claims_as_a_reviewer(editor):
    api = APIClient()
    api.force_authenticate(editor)
    assert api.post("/api/v1/queue/next/").status_code == 403
