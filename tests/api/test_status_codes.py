"""The API's status codes: 401 anonymous, 403 wrong role, 404 out of scope, 409 conflict, 429 throttled."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from reviews.models import AssignmentState
from reviews.services.tokens import token_issue
from tests.factories import AssignmentFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def fresh_throttles():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def test_401_for_anonymous_with_a_token_challenge(api):
    for url in ("/api/v1/claims/", "/api/v1/dashboard/", "/api/v1/articles/", "/api/v1/queue/held/"):
        response = api.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["error"]["code"] == "not_authenticated"
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/claims/").status_code == 401


def test_403_for_a_role_without_the_right(api, reviewer, editor):
    api.force_authenticate(reviewer)
    assert api.get("/api/v1/dashboard/").status_code == 403
    assert api.get("/api/v1/articles/").status_code == 403
    api.force_authenticate(editor)
    response = api.post("/api/v1/queue/next/")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_404_for_objects_outside_the_callers_scope(api, reviewer, reviewer2):
    claim = AssignmentFactory(reviewer=reviewer2).claim
    api.force_authenticate(reviewer)
    assert api.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert api.get("/api/v1/claims/999999/").status_code == 404


def test_409_for_a_verdict_on_a_lease_that_is_over(api, reviewer):
    lease = AssignmentFactory(reviewer=reviewer, state=AssignmentState.RELEASED)
    api.force_authenticate(reviewer)
    response = api.post(f"/api/v1/queue/{lease.pk}/verdict/", {"verdict": "supported"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "claim_not_held"


def test_429_when_throttled_for_users_and_anonymous(api, settings, editor, fresh_throttles):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }
    # Anonymous callers are throttled where anonymous access is allowed (DRF checks permissions
    # first, so a protected endpoint answers 401 before any throttle): the schema is one.
    assert [api.get("/api/schema/").status_code for _ in range(3)] == [200, 200, 429]
    key = token_issue(user=editor, reason="Test.").key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    ClaimFactory()
    codes = [api.get("/api/v1/claims/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    throttled = api.get("/api/v1/claims/")
    assert throttled.json()["error"]["code"] == "throttled"
    assert throttled.json()["error"]["retry_after_seconds"] > 0 and "Retry-After" in throttled


def test_an_api_path_no_route_matches_answers_404_with_the_json_error_body(client, editor):
    client.force_login(editor)
    response = client.post("/api/v1/claims/-5/rereview/", {"rereview_on": None}, content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
    page = client.get("/editor/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
