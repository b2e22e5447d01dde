"""Issue 12.1 in the API: a non-English article is 201 in ``triage``; editors decide, reviewers cannot."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import Article, ArticleState, AuditEvent
from tests.services.test_triage import FRENCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _ingest(api: APIClient, editor) -> dict:  # type: ignore[no-untyped-def,type-arg]
    api.force_authenticate(editor)
    response = api.post("/api/v1/articles/", {"text": FRENCH}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_non_english_article_answers_201_in_triage_with_the_notice(api, editor):
    body = _ingest(api, editor)
    assert body["state"] == "triage" and body["language"] == "fr" and body["claims"] == []
    assert body["readiness"] == {
        "total": 1,
        "unresolved": 1,
        "ready": False,
        "label": "1 of 1 item unresolved: triage, not English (fr)",
    }
    assert "English-only" in body["extraction_notice"]
    listed = api.get("/api/v1/articles/", {"state": "triage"}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]] and listed[0]["readiness"]["unresolved"] == 1
    refused = api.post(f"/api/v1/articles/{body['id']}/clear/", {"override_reason": "ship it"}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "article_not_ready"


def test_editor_confirms_nothing_to_check_and_a_reviewer_is_refused(api, editor, reviewer):
    article_id = _ingest(api, editor)["id"]
    url = f"/api/v1/articles/{article_id}/nothing-to-check/"
    api.force_authenticate(reviewer)
    assert api.post(url, {"reason": "fine"}, format="json").status_code == 403
    api.force_authenticate(editor)
    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"reason": "A recipe, nothing to check."}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "nothing_to_check" and body["readiness"]["ready"] is True
    assert body["triage_decided_by"] == editor.username and body["triage_reason"] == "A recipe, nothing to check."
    assert Article.objects.get(pk=article_id).state == ArticleState.NOTHING_TO_CHECK
    assert AuditEvent.objects.filter(article_id=article_id, action="article_triaged", actor=editor).count() == 1
    again = api.post(url, {"reason": "again"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "article_state_conflict"
    assert api.post("/api/v1/articles/999999/nothing-to-check/", {"reason": "x"}, format="json").status_code == 404


def test_adding_a_claim_through_the_api_ends_triage(api, editor):
    body = _ingest(api, editor)
    start = body["cleaned_text"].index("Selon la mairie")
    response = api.post(
        "/api/v1/adjudication/add-claim/",
        {
            "article": body["id"],
            "start": start,
            "end": start + 60,
            "suggested_status": "needs_source",
            "reason": "the cost figure",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    detail = api.get(f"/api/v1/articles/{body['id']}/").json()
    assert detail["state"] == "review" and detail["readiness"]["unresolved"] == 1 and len(detail["claims"]) == 1
