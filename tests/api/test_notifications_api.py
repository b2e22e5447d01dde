from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.services.notifications import notification_send

pytestmark = pytest.mark.django_db


def test_a_user_lists_and_marks_read_only_their_own(reviewer, reviewer2):
    api = APIClient()
    mine = notification_send(recipient=reviewer, subject="Overruled")
    notification_send(recipient=reviewer2, subject="Not yours")
    api.force_authenticate(reviewer)
    listed = api.get("/api/v1/notifications/").json()
    assert [n["subject"] for n in listed["results"]] == ["Overruled"]
    assert api.post("/api/v1/notifications/mark-read/", {"ids": [mine.pk]}, format="json").json() == {"marked_read": 1}
    assert api.get("/api/v1/notifications/").json()["results"][0]["read_at"] is not None
    assert APIClient().get("/api/v1/notifications/").status_code == 401
