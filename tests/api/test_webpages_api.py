"""Issue 17, item 4 in the API: POST /api/v1/articles/page/ (a saved page) and /fetch/ (a page by URL)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reviews.models import Article, Claim
from tests.network_guard import refuse_outside_loopback
from tests.page_server import Route
from tests.webpages import BYLINE, CANONICAL, HEADLINE, app_shell_page, french_page, news_page

pytestmark = pytest.mark.django_db

PAGE_FIELDS = {
    "origin": "page",
    "byline": BYLINE,
    "published_on": "2026-03-04",
    "canonical_url": CANONICAL,
    "site_name": "The Coastal Ledger",
    "declared_language": "en-gb",
}


@pytest.fixture
def api(editor) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch, fake_dns) -> list[object]:  # type: ignore[no-untyped-def]
    fake_dns["metadata.internal.example.org"] = ["169.254.169.254"]
    return refuse_outside_loopback(monkeypatch)


def _page(data: bytes = b"", name: str = "ledger.html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or news_page(), content_type="text/html")


def test_a_saved_page_is_ingested_and_its_metadata_shown(api):
    response = api.post("/api/v1/articles/page/", {"file": _page(), "desk": "Environment"}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == HEADLINE and body["desk"] == "Environment" and body["state"] == "review"
    assert {key: body[key] for key in PAGE_FIELDS} == PAGE_FIELDS
    assert len(body["claims"]) == Claim.objects.count() >= 5
    listed = api.get("/api/v1/articles/").json()["results"][0]
    assert {key: listed[key] for key in PAGE_FIELDS} == PAGE_FIELDS
    detail = api.get(body["url"]).json()
    assert {key: detail[key] for key in PAGE_FIELDS} == PAGE_FIELDS


def test_a_text_article_has_empty_page_metadata(api, sample_text):
    body = api.post("/api/v1/articles/", {"text": sample_text}, format="json").json()
    assert (body["origin"], body["byline"], body["published_on"], body["canonical_url"]) == ("text", "", None, "")


def test_the_same_page_again_is_a_duplicate(api):
    first = api.post("/api/v1/articles/page/", {"file": _page()}, format="multipart").json()
    again = api.post("/api/v1/articles/page/", {"file": _page(name="copy.html")}, format="multipart")
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "duplicate_article",
        "message": f"copy.html: already ingested as article #{first['id']}.",
        "article_id": first["id"],
    }


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"The council voted to triple the budget to 48 million pounds.", 400, "not_a_web_page"),
        (app_shell_page(), 400, "empty_article"),
    ],
    ids=["not-html", "no-main-text"],
)
def test_bad_pages_get_a_clear_error_and_leave_nothing(api, data, status, code):
    response = api.post("/api/v1/articles/page/", {"file": _page(data, "bad.html")}, format="multipart")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"].startswith("bad.html:")
    assert not Article.objects.exists()


def test_a_page_over_the_limit_is_413(api, settings):
    settings.WEBPAGE_MAX_BYTES = 10_000
    response = api.post("/api/v1/articles/page/", {"file": _page()}, format="multipart")
    assert response.status_code == 413 and response.json()["error"]["code"] == "article_too_large"


def test_a_french_page_is_triaged(api):
    body = api.post("/api/v1/articles/page/", {"file": _page(french_page())}, format="multipart").json()
    assert (body["state"], body["language"], body["declared_language"]) == ("triage", "fr", "fr")
    assert body["extraction_notice"]


def test_the_page_endpoint_takes_multipart_only(api):
    response = api.post("/api/v1/articles/page/", {"file": "x"}, format="json")
    assert response.status_code == 415


def test_a_page_is_fetched_by_url(api, page_server):
    page_server.routes["/news/harbour"] = Route(news_page())
    url = page_server.url("/news/harbour")
    response = api.post("/api/v1/articles/fetch/", {"url": url, "desk": "Environment"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source_url"] == url and {key: body[key] for key in PAGE_FIELDS} == {**PAGE_FIELDS, "origin": "url"}


def test_a_large_fetched_page_answers_202(api, page_server, settings):
    settings.ARTICLE_ASYNC_MIN_BYTES = 500
    page_server.routes["/a"] = Route(news_page())
    response = api.post("/api/v1/articles/fetch/", {"url": page_server.url("/a")}, format="json")
    assert response.status_code == 202 and response.json()["state"] == "extracting"
    assert response["Location"] == response.json()["url"] and response.json()["byline"] == BYLINE


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("https://169.254.169.254/latest/meta-data/", 400, "outbound_refused"),
        ("https://metadata.internal.example.org/", 400, "outbound_refused"),
        ("http://example.org/", 400, "outbound_refused"),
    ],
)
def test_refused_addresses_are_400_and_nothing_is_sent(api, url, status, code, no_traffic_outside_loopback):
    response = api.post("/api/v1/articles/fetch/", {"url": url}, format="json")
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert no_traffic_outside_loopback == [] and not Article.objects.exists()


def test_a_redirect_to_a_refused_address_is_400(api, page_server, no_traffic_outside_loopback):
    page_server.routes["/go"] = Route(status=302, headers={"Location": "https://169.254.169.254/"})
    response = api.post("/api/v1/articles/fetch/", {"url": page_server.url("/go")}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "outbound_refused"
    assert no_traffic_outside_loopback == [] and page_server.requests == ["/go"]


def test_site_errors_timeouts_and_sizes_have_their_status(api, page_server, settings):
    settings.WEBPAGE_FETCH_TIMEOUT_SECONDS = 0.5
    settings.WEBPAGE_MAX_BYTES = 50_000
    page_server.routes["/404"] = Route(status=404)
    page_server.routes["/slow"] = Route(b"<html></html>", delay=2)
    page_server.routes["/big"] = Route(news_page())
    expected = {
        "/404": (502, "outbound_failed"),
        "/slow": (504, "outbound_timeout"),
        "/big": (413, "outbound_too_large"),
    }
    for path, (status, code) in expected.items():
        response = api.post("/api/v1/articles/fetch/", {"url": page_server.url(path)}, format="json")
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), path
    assert not Article.objects.exists()


def test_the_schema_documents_both_inputs(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    page = schema["paths"]["/api/v1/articles/page/"]["post"]
    assert list(page["requestBody"]["content"]) == ["multipart/form-data"]
    fetch = schema["paths"]["/api/v1/articles/fetch/"]["post"]
    assert "application/json" in fetch["requestBody"]["content"]
    assert {"201", "202", "400", "409", "413", "502", "504"} <= set(fetch["responses"])
    detail = schema["components"]["schemas"]["ArticleDetail"]["properties"]
    assert {"origin", "byline", "published_on", "canonical_url", "site_name", "declared_language"} <= set(detail)
