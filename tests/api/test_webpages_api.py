"""Issue 17, item 4 in the API: POST /api/v1/articles/page/ (a saved page) and /fetch/ (a page by URL)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reviews.models import Article, Claim, PageFetch
from reviews.services.webpages import page_fetch_request, page_fetch_run
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


def _fetch(api: APIClient, url: str, **data: object):  # type: ignore[no-untyped-def]
    return api.post("/api/v1/articles/fetch/", {"url": url, **data}, format="json")


def test_a_url_answers_202_with_a_fetch_to_follow_and_the_task_ingests_it(
    api, editor, page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/news/harbour"] = Route(news_page())
    url = page_server.url("/news/harbour")
    with django_capture_on_commit_callbacks() as queued:
        response = _fetch(api, url, desk="Environment")
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == body["url"] == f"/api/v1/page-fetches/{body['id']}/"
    assert (body["state"], body["page_url"], body["desk"], body["article"], body["article_url"]) == (
        "pending",
        url,
        "Environment",
        None,
        None,
    )
    assert body["requested_by"] == editor.username and body["error"] == "" and len(queued) == 1
    assert page_server.requests == [] and not Article.objects.exists()  # nothing fetched in the request
    page_fetch_run(fetch_id=body["id"], final_attempt=False)
    done = api.get(body["url"]).json()
    article = Article.objects.get()
    assert (done["state"], done["article"], done["article_url"]) == (
        "done",
        article.pk,
        f"/api/v1/articles/{article.pk}/",
    )
    detail = api.get(done["article_url"]).json()
    assert detail["source_url"] == url and {key: detail[key] for key in PAGE_FIELDS} == {**PAGE_FIELDS, "origin": "url"}
    assert detail["final_url"] == url and api.get("/api/v1/articles/").json()["results"][0]["final_url"] == url
    assert [row["id"] for row in api.get("/api/v1/page-fetches/?state=done").json()["results"]] == [body["id"]]


def test_the_same_url_while_pending_answers_the_same_fetch(api, page_server):
    url = page_server.url("/a")
    first, again = _fetch(api, url).json(), _fetch(api, url)
    assert again.status_code == 202 and again.json()["id"] == first["id"] and PageFetch.objects.count() == 1


def test_the_same_url_with_another_title_while_pending_is_409_naming_the_fetch(api, page_server):
    url = page_server.url("/a")
    first = _fetch(api, url).json()
    again = api.post("/api/v1/articles/fetch/", {"url": url, "title": "Another headline"}, format="json")
    assert again.status_code == 409, again.content
    error = again.json()["error"]
    assert (error["code"], error["fetch_id"], error["fetch_url"]) == ("page_fetch_pending", first["id"], first["url"])
    assert "already being fetched" in error["message"] and "edna" in error["message"]
    assert PageFetch.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("https://169.254.169.254/latest/meta-data/", 400, "outbound_refused"),
        ("https://metadata.internal.example.org/", 400, "outbound_refused"),
        ("http://example.org/", 400, "outbound_refused"),
    ],
)
def test_refused_addresses_are_400_and_nothing_is_sent_or_recorded(api, url, status, code, no_traffic_outside_loopback):
    response = _fetch(api, url)
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert response.json()["error"]["message"].startswith(url)
    assert no_traffic_outside_loopback == [] and not Article.objects.exists() and not PageFetch.objects.exists()


def _fetched(api: APIClient, url: str) -> dict[str, object]:
    response = _fetch(api, url)
    assert response.status_code == 202, response.content
    page_fetch_run(fetch_id=response.json()["id"], final_attempt=True)
    return api.get(response["Location"]).json()


def test_a_redirect_to_a_refused_address_fails_the_fetch(api, page_server, no_traffic_outside_loopback):
    page_server.routes["/go"] = Route(status=302, headers={"Location": "https://169.254.169.254/"})
    body = _fetched(api, page_server.url("/go"))
    assert (body["state"], body["error_code"], body["page_url"]) == (
        "failed",
        "outbound_refused",
        page_server.url("/go"),
    )
    assert "169.254.169.254 is a link-local address" in body["error"]
    assert no_traffic_outside_loopback == [] and page_server.requests == ["/go"]


def test_site_errors_timeouts_sizes_and_non_html_are_kept_on_the_fetch(api, page_server, settings):
    settings.WEBPAGE_FETCH_TIMEOUT_SECONDS = 0.5
    settings.WEBPAGE_MAX_BYTES = 50_000
    page_server.routes["/404"] = Route(status=404)
    page_server.routes["/slow"] = Route(b"<html></html>", delay=2)
    page_server.routes["/big"] = Route(news_page())
    page_server.routes["/pdf"] = Route(b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    expected = {
        "/404": "outbound_failed",
        "/slow": "outbound_timeout",
        "/big": "outbound_too_large",
        "/pdf": "not_a_web_page",
    }
    for path, code in expected.items():
        body = _fetched(api, page_server.url(path))
        assert (body["state"], body["error_code"], body["page_url"]) == ("failed", code, page_server.url(path)), body
        assert body["error"].startswith(page_server.url(path)) and body["finished_at"]
    assert not Article.objects.exists()
    listed = api.get("/api/v1/page-fetches/?state=failed").json()
    assert listed["count"] == 4


def test_a_duplicate_page_fails_naming_the_article_already_stored(api, page_server):
    page_server.routes["/a"] = Route(news_page())
    saved = api.post("/api/v1/articles/page/", {"file": _page()}, format="multipart").json()
    body = _fetched(api, page_server.url("/a"))
    assert (body["state"], body["error_code"], body["article"]) == ("failed", "duplicate_article", saved["id"])
    assert f"already ingested as article #{saved['id']}" in body["error"]


def test_page_fetches_are_editors_only(page_server, reviewer, editor):
    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    client = APIClient()
    assert client.get(f"/api/v1/page-fetches/{row.pk}/").status_code == 401
    client.force_authenticate(reviewer)
    assert client.get(f"/api/v1/page-fetches/{row.pk}/").status_code == 403
    assert client.get("/api/v1/page-fetches/").status_code == 403
    assert _fetch(client, page_server.url("/b")).status_code == 403 and PageFetch.objects.count() == 1
    client.force_authenticate(editor)
    assert client.get(f"/api/v1/page-fetches/{row.pk}/").json()["page_url"] == page_server.url("/a")


def test_the_schema_documents_both_inputs(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    page = schema["paths"]["/api/v1/articles/page/"]["post"]
    assert list(page["requestBody"]["content"]) == ["multipart/form-data"]
    fetch = schema["paths"]["/api/v1/articles/fetch/"]["post"]
    assert "application/json" in fetch["requestBody"]["content"]
    assert {"202", "400", "504"} <= set(fetch["responses"]) and "201" not in fetch["responses"]
    assert fetch["responses"]["202"]["content"]["application/json"]["schema"]["$ref"].endswith("/PageFetch")
    assert {"get"} == set(schema["paths"]["/api/v1/page-fetches/{id}/"])
    fields = schema["components"]["schemas"]["PageFetch"]["properties"]
    assert {"state", "page_url", "error", "error_code", "article", "article_url", "attempts"} <= set(fields)
    assert all(field.get("readOnly") for field in fields.values())
    detail = schema["components"]["schemas"]["ArticleDetail"]["properties"]
    assert {"origin", "byline", "published_on", "canonical_url", "final_url", "site_name", "declared_language"} <= set(
        detail
    )
