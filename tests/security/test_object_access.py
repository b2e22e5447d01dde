"""Object-level access: a reviewer sees only their own leases, and never another reviewer's verdict
before submitting their own (independent reviews)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import Review
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import verdict_record
from tests.factories import ClaimFactory

SECRET_NOTE = "rita-thinks-this-is-false-7f3a"


@pytest.fixture
def rita_reviewed_first(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    claim = ClaimFactory(required_reviews=2, text="Exports rose 5% in 2025.")
    first = claim_assign_next(reviewer=reviewer)
    verdict_record(assignment_id=first.pk, reviewer=reviewer, verdict="speculative", note=SECRET_NOTE)
    second = claim_assign_next(reviewer=reviewer2)
    assert second.claim_id == claim.pk
    return second


def api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_second_reviewer_does_not_see_the_first_verdict_on_the_page(client, reviewer2, rita_reviewed_first):
    client.force_login(reviewer2)
    html = client.get(reverse("review-claim", args=[rita_reviewed_first.pk])).content.decode()
    assert "Exports rose 5% in 2025." in html
    assert SECRET_NOTE not in html
    assert "rita" not in html.lower()


def test_the_second_reviewer_does_not_see_the_first_verdict_in_the_api(reviewer2, rita_reviewed_first):
    api = api_for(reviewer2)
    for url in (reverse("queue-held"), reverse("queue-progress")):
        body = api.get(url).content.decode()
        assert SECRET_NOTE not in body and "speculative" not in body.replace('"suggested_status"', ""), url
    held = api.get(reverse("queue-held")).json()
    assert "reviews" not in held[0]["claim"]


def test_a_reviewer_cannot_act_on_another_reviewers_lease(reviewer, reviewer2, client):
    ClaimFactory(required_reviews=1)
    ritas = claim_assign_next(reviewer=reviewer)
    api = api_for(reviewer2)
    for action in ("queue-verdict", "queue-release", "queue-not-a-claim"):
        response = api.post(reverse(action, args=[ritas.pk]), {"verdict": "supported", "reason": "x"}, format="json")
        assert response.status_code in (404, 409), (action, response.status_code)
    client.force_login(reviewer2)
    assert client.get(reverse("review-claim", args=[ritas.pk])).status_code == 302  # back to their own desk
    assert client.post(reverse("review-release", args=[ritas.pk])).status_code == 302
    ritas.refresh_from_db()
    assert ritas.state == "active" and not Review.objects.exists()


def test_editors_do_see_every_review_once_submitted(client, editor, rita_reviewed_first):
    client.force_login(editor)
    html = client.get(reverse("editor-claim", args=[rita_reviewed_first.claim_id])).content.decode()
    assert SECRET_NOTE in html
