"""A reviewer learns nothing about other reviews before giving theirs: not even how many there are.

``review_count`` (verdicts given in the round) and the leases held now are shown to editors and admins
only: in every API answer that carries a claim (the queue's lease, the claims list and detail, a claim's
history) it is null for anyone else, and the claim-history page leaves the line out. rob has reviewed
the claim rita holds; editors and admins see the count, rita does not.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import Verdict
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    claim = ClaimFactory(
        article=ArticleFactory(required_reviews=3), text="Exports doubled last year.", review_count=1, lease_count=1
    )
    ReviewFactory(claim=claim, reviewer=reviewer2, verdict=Verdict.SPECULATIVE)
    AssignmentFactory(claim=claim, reviewer=reviewer)
    return claim


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_reviewer_never_gets_the_review_count_from_the_api(held, reviewer):
    api = _api(reviewer)
    [lease] = api.get("/api/v1/queue/held/").json()
    assert lease["claim"]["id"] == held.pk and lease["claim"]["review_count"] is None
    [listed] = api.get("/api/v1/claims/").json()["results"]
    assert listed["id"] == held.pk and listed["review_count"] is None
    assert api.get(f"/api/v1/claims/{held.pk}/").json()["review_count"] is None


def test_a_claim_handed_out_by_the_queue_comes_without_the_count(reviewer, reviewer2):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2), review_count=1)
    ReviewFactory(claim=claim, reviewer=reviewer2, verdict=Verdict.SUPPORTED)
    taken = _api(reviewer).post("/api/v1/queue/next/", {}, format="json")
    assert taken.status_code == 201, taken.content
    assert taken.json()["claim"]["id"] == claim.pk and taken.json()["claim"]["review_count"] is None


def test_a_reviewer_who_reviewed_still_does_not_get_it(held, reviewer2):
    api = _api(reviewer2)
    assert api.get(f"/api/v1/claims/{held.pk}/").json()["review_count"] is None
    assert api.get(f"/api/v1/claim-history/{held.pk}/").json()["claim"]["review_count"] is None


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_editors_and_admins_get_it_everywhere(held, who, request):
    api = _api(request.getfixturevalue(who))
    assert api.get(f"/api/v1/claims/{held.pk}/").json()["review_count"] == 1
    assert {row["id"]: row["review_count"] for row in api.get("/api/v1/claims/").json()["results"]} == {held.pk: 1}
    assert api.get(f"/api/v1/claim-history/{held.pk}/").json()["claim"]["review_count"] == 1
    article = api.get(f"/api/v1/articles/{held.article_id}/").json()
    assert [claim["review_count"] for claim in article["claims"]] == [1]
    acted = api.post(f"/api/v1/adjudication/{held.pk}/prioritise/", {"priority": 3, "reason": "urgent"}, format="json")
    assert acted.status_code == 200 and acted.json()["review_count"] == 1


def test_the_claim_history_page_shows_the_count_to_editors_only(client, held, reviewer2, editor):
    path = reverse("claim-history", args=[held.pk])
    client.force_login(reviewer2)
    page = client.get(path).content.decode()
    assert client.get(path).status_code == 200 and "of 3 reviews" not in page and "held now" not in page
    client.force_login(editor)
    page = client.get(path).content.decode()
    assert "1 of 3 reviews" in page and "1 held now" in page


def test_the_schema_says_it_is_null_for_reviewers(editor):
    schema = _api(editor).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    field = schema["components"]["schemas"]["Claim"]["properties"]["review_count"]
    assert field["nullable"] is True and field["readOnly"] is True and "editors and admins only" in field["description"]
