"""Issue 12.2 in the API and the pages: 202 ``extracting`` for a large article, its refusal shown later."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import Article, ArticleState
from reviews.services.articles import article_extract_queued
from tests.services.test_large_articles import NO_CLAIMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_a_large_article_answers_202_extracting_with_its_url(
    api, settings, sample_text, django_capture_on_commit_callbacks
):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    with django_capture_on_commit_callbacks() as queued:
        response = api.post("/api/v1/articles/", {"text": sample_text, "desk": "World"}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get()
    assert body["state"] == "extracting" and body["claims"] == [] and body["extraction_notice"] is None
    assert body["url"] == f"/api/v1/articles/{article.pk}/" == response["Location"]
    assert body["readiness"]["ready"] is False and body["readiness"]["unresolved"] == 1
    assert len(queued) == 1
    duplicate = api.post("/api/v1/articles/", {"text": sample_text}, format="json")
    assert duplicate.status_code == 409 and duplicate.json()["error"]["article_id"] == article.pk
    article_extract_queued(article_id=article.pk)
    done = api.get(body["url"]).json()
    assert done["state"] == "review" and len(done["claims"]) > 0 and done["desk"] == "World"
    assert small_is_still_201(api, settings)


def small_is_still_201(api: APIClient, settings) -> bool:  # type: ignore[no-untyped-def]
    settings.ARTICLE_ASYNC_MIN_BYTES = 1_000_000
    text = "Budget news\nThe council approved a budget of $1.2 billion on Jan. 5, officials said.\n"
    return api.post("/api/v1/articles/", {"text": text}, format="json").status_code == 201


def test_a_refusal_found_later_shows_in_the_api_state(api, settings):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    response = api.post("/api/v1/articles/", {"text": NO_CLAIMS}, format="json")
    assert response.status_code == 202
    article_extract_queued(article_id=response.json()["id"])
    body = api.get(response.json()["url"]).json()
    assert body["state"] == "refused" and "no check-worthy claims" in body["refusal"] and body["claims"] == []
    assert body["readiness"]["ready"] is False


def test_web_paste_of_a_large_article_redirects_to_its_extracting_page(client, editor, settings, sample_text):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    client.force_login(editor)
    response = client.post(reverse("editor-articles"), {"text": sample_text})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("editor-article", args=[article.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="extracting"' in page and '<meta http-equiv="refresh" content="3">' in page
    assert 'id="clear-form"' not in page and "claims being extracted" in page
    article_extract_queued(article_id=article.pk)
    page = client.get(response["Location"]).content.decode()
    assert 'id="extracting"' not in page and 'http-equiv="refresh"' not in page and 'class="hl status-pending"' in page


def test_web_upload_refused_later_shows_the_refusal_on_the_page(client, editor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    client.force_login(editor)
    upload = SimpleUploadedFile("chatter.txt", NO_CLAIMS.encode(), content_type="text/plain")
    response = client.post(reverse("editor-articles"), {"file": upload})
    article = Article.objects.get()
    article_extract_queued(article_id=article.pk)
    article.refresh_from_db()
    assert article.state == ArticleState.REFUSED
    page = client.get(response["Location"]).content.decode()
    assert 'id="refusal"' in page and "chatter.txt: no check-worthy claims" in page
