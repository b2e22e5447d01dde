from __future__ import annotations

import hashlib
import io
import json

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from reviews.models import Report
from reviews.services.reports import report_compile
from tests.factories import ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def claim(reviewer):
    claim = ClaimFactory(text="The bridge cost 40 million euros.", status="supported")
    ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", note="Budget line 12.")
    return claim


def _download(api, report_id):
    response = api.get(f"/api/v1/reports/{report_id}/download/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert response["X-Content-SHA256"] == hashlib.sha256(body).hexdigest()
    return response, body


@pytest.mark.parametrize("report_format", ["csv", "json", "jsonld", "html", "pdf"])
def test_editor_requests_each_format_and_downloads_it_with_its_content(api, editor, claim, report_format):
    api.force_authenticate(editor)
    if report_format == "jsonld":  # the JSON-LD holds the published reviews
        assert api.post(f"/api/v1/claims/{claim.pk}/publish/").status_code == 200
    response = api.post("/api/v1/reports/", {"article": claim.article_id, "format": report_format}, format="json")
    assert response.status_code == 202
    assert response.json()["state"] == "queued" and response.json()["download_url"] is None
    report_compile(report_id=response.json()["id"])
    status = api.get(f"/api/v1/reports/{response.json()['id']}/").json()
    assert status["state"] == "done" and status["stale"] is False
    assert status["progress_done"] == status["progress_total"] == 1
    assert status["download_url"].endswith(f"/api/v1/reports/{status['id']}/download/")
    _, body = _download(api, status["id"])
    if report_format == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        assert "The bridge cost 40 million euros." in " ".join(text.split())
    elif report_format == "jsonld":
        assert json.loads(body)["@graph"][0]["claimReviewed"] == "The bridge cost 40 million euros."
    elif report_format == "json":
        assert json.loads(body)["claims"][0]["reason"] == "Budget line 12."
    else:
        assert "The bridge cost 40 million euros." in body.decode("utf-8")


def test_editor_requests_a_batch_report(api, editor, claim):
    api.force_authenticate(editor)
    response = api.post(
        "/api/v1/reports/",
        {"scope": "batch", "format": "json", "since": "2020-01-01", "until": "2099-12-31", "statuses": ["supported"]},
        format="json",
    )
    assert response.status_code == 202, response.json()
    report_compile(report_id=response.json()["id"])
    _, body = _download(api, response.json()["id"])
    assert [c["claim_id"] for c in json.loads(body)["claims"]] == [claim.pk]


def test_the_audience_is_chosen_in_the_api(api, editor, claim):
    api.force_authenticate(editor)
    response = api.post("/api/v1/reports/", {"format": "json", "article": claim.article_id, "audience": "audit"})
    assert response.status_code == 202 and response.json()["audience"] == "audit"
    report_compile(report_id=response.json()["id"])
    _, body = _download(api, response.json()["id"])
    assert json.loads(body)["audience"] == "audit" and "verdicts" in json.loads(body)["claims"][0]
    refused = api.post("/api/v1/reports/", {"format": "json", "article": claim.article_id, "audience": "everyone"})
    assert refused.status_code == 400


def test_bad_batch_filters_are_a_400_with_the_reason(api, editor):
    api.force_authenticate(editor)
    response = api.post(
        "/api/v1/reports/",
        {"scope": "batch", "format": "csv", "since": "2026-02-01", "until": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The start date is after the end date."
    assert api.post("/api/v1/reports/", {"format": "csv"}, format="json").status_code == 400
    assert not Report.objects.exists()


def test_an_unfinished_report_cannot_be_downloaded(api, editor, claim):
    api.force_authenticate(editor)
    report_id = api.post("/api/v1/reports/", {"article": claim.article_id, "format": "csv"}, format="json").json()["id"]
    response = api.get(f"/api/v1/reports/{report_id}/download/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "report_not_ready"


def test_a_stale_report_says_so_and_is_recompiled(api, editor, reviewer2, claim):
    api.force_authenticate(editor)
    report_id = api.post("/api/v1/reports/", {"article": claim.article_id, "format": "csv"}, format="json").json()["id"]
    report_compile(report_id=report_id)
    ReviewFactory(claim=claim, reviewer=reviewer2, verdict="speculative")
    assert api.get(f"/api/v1/reports/{report_id}/").json()["stale"] is True
    response = api.post(f"/api/v1/reports/{report_id}/recompile/")
    assert response.status_code == 202 and response.json()["id"] != report_id


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_non_editors_cannot_request_list_or_download(api, request, editor, claim, who):
    api.force_authenticate(editor)
    report_id = api.post("/api/v1/reports/", {"article": claim.article_id, "format": "csv"}, format="json").json()["id"]
    report_compile(report_id=report_id)
    api.force_authenticate(request.getfixturevalue(who))
    assert (
        api.post("/api/v1/reports/", {"article": claim.article_id, "format": "csv"}, format="json").status_code == 403
    )
    assert api.get("/api/v1/reports/").status_code == 403
    assert api.get(f"/api/v1/reports/{report_id}/download/").status_code == 403
    assert Report.objects.count() == 1
