from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reviews.models import Article
from reviews.services.tokens import token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_anonymous_gets_401(api):
    assert api.get("/api/v1/articles/").status_code == 401


def test_editor_creates_an_article_by_text_with_a_token(api, editor, sample_text):
    key = token_issue(user=editor, reason="Test.").key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post("/api/v1/articles/", {"text": sample_text, "desk": "World"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["desk"] == "World" and len(body["claims"]) == Article.objects.get().claims.count() > 0
    duplicate = api.post("/api/v1/articles/", {"text": sample_text}, format="json")
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "duplicate_article"


def test_editor_uploads_a_file_and_binary_is_refused(api, editor, sample_text):
    api.force_authenticate(editor)
    upload = SimpleUploadedFile("a.txt", sample_text.encode(), content_type="text/plain")
    assert api.post("/api/v1/articles/", {"file": upload}, format="multipart").status_code == 201
    binary = SimpleUploadedFile("b.bin", b"\x00\xff" * 50, content_type="application/octet-stream")
    response = api.post("/api/v1/articles/", {"file": binary}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "undecodable_article"


def test_reviewer_cannot_create_or_list_articles(api, reviewer):
    api.force_authenticate(reviewer)
    assert api.get("/api/v1/articles/").status_code == 403
    assert api.post("/api/v1/articles/", {"text": "x"}, format="json").status_code == 403


def test_schema_is_readable_without_logging_in(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/queue/next/" in response.content
