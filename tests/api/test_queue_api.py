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


def _api(user=None):  # type: ignore[no-untyped-def]
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_anonymous_gets_401_everywhere_in_the_queue():
    api = _api()
    assert api.post("/api/v1/queue/next/").status_code == 401
    assert api.get("/api/v1/queue/progress/").status_code == 401
    assert api.post("/api/v1/queue/1/not-a-claim/", {"reason": "x"}, format="json").status_code == 401


def test_next_filters_by_desk_and_article_and_progress_counts(reviewer, settings):
    from tests.factories import ArticleFactory

    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 5
    ClaimFactory(article=ArticleFactory(desk="Sport"), score=0.99)
    politics = ClaimFactory(article=ArticleFactory(desk="Politics"), score=0.1)
    api = _api(reviewer)
    assert api.get("/api/v1/queue/progress/", {"desk": "Politics"}).json()["waiting"] == 1
    taken = api.post("/api/v1/queue/next/", {"desk": "Politics"}, format="json")
    assert taken.status_code == 201 and taken.json()["claim"]["id"] == politics.pk
    assert api.post("/api/v1/queue/next/", {"article": politics.article_id}, format="json").status_code == 404
    assert api.get("/api/v1/queue/progress/").json() == {"done_today": 0, "done_total": 0, "waiting": 1}


def test_late_verdict_after_expiry_and_retake_is_409_and_nothing_is_overwritten(reviewer, reviewer2):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import Review
    from reviews.services.queue import assignment_release_expired, claim_assign_next

    ClaimFactory()
    late = _api(reviewer).post("/api/v1/queue/next/").json()["id"]
    later = timezone.now() + timedelta(minutes=11)
    assignment_release_expired(now=later)
    retaken = claim_assign_next(reviewer=reviewer2, now=timezone.now())
    assert retaken.claim_id
    refused = _api(reviewer).post(f"/api/v1/queue/{late}/verdict/", {"verdict": "supported"}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "claim_not_held"
    assert not Review.objects.exists()


def test_second_review_by_the_same_reviewer_is_409(reviewer):
    from tests.factories import ArticleFactory, AssignmentFactory, ReviewFactory

    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    ReviewFactory(claim=claim, reviewer=reviewer)
    assignment = AssignmentFactory(claim=claim, reviewer=reviewer)
    refused = _api(reviewer).post(f"/api/v1/queue/{assignment.pk}/verdict/", {"verdict": "supported"}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "already_reviewed"


def test_not_a_claim_skip_and_release_through_the_api(reviewer, reviewer2, settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 3
    first, second = ClaimFactory(score=0.9), ClaimFactory(score=0.5)
    api = _api(reviewer)
    held = api.post("/api/v1/queue/next/").json()["id"]
    assert api.post(f"/api/v1/queue/{held}/not-a-claim/", {}, format="json").status_code == 400
    assert _api(reviewer2).post(f"/api/v1/queue/{held}/not-a-claim/", {"reason": "x"}, format="json").status_code == 404
    flagged = api.post(f"/api/v1/queue/{held}/not-a-claim/", {"reason": "a heading"}, format="json")
    assert flagged.status_code == 201 and flagged.json()["state"] == "proposed"
    first.refresh_from_db()
    assert first.status == ClaimStatus.FLAGGED
    held = api.post("/api/v1/queue/next/").json()["id"]
    skipped = api.post(f"/api/v1/queue/{held}/release/", {"skip": True, "reason": "conflict"}, format="json")
    assert skipped.json()["state"] == "skipped"
    # Nothing else is left for rita: the claim she skipped comes back to her.
    back = api.post("/api/v1/queue/next/").json()
    assert back["claim"]["id"] == second.pk and back["id"] != held
    api.post(f"/api/v1/queue/{back['id']}/release/", {}, format="json")
    assert _api(reviewer2).post("/api/v1/queue/next/").json()["claim"]["id"] == second.pk
