"""The API does what its schema says: documented filters work, URIs are URIs, rules are stated, downloads are typed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import yaml
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.api.schema import future_date_pattern
from reviews.links import link_clean
from reviews.models import Report
from reviews.services.recusals import recusal_declare
from reviews.services.reports import report_compile, report_request
from tests.factories import AssignmentFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _schema(api: APIClient) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(api.get("/api/schema/").content)


def test_the_documented_format_filter_of_reports_filters(api, editor):
    """The attack: ``?format=csv`` hit DRF's renderer override and answered 404 (401 expected when anonymous)."""
    Report.objects.create(scope="batch", format="csv")
    Report.objects.create(scope="batch", format="pdf")
    assert api.get("/api/v1/reports/?format=csv").status_code == 401
    api.force_authenticate(editor)
    response = api.get("/api/v1/reports/?format=csv")
    assert response.status_code == 200
    assert [row["format"] for row in response.json()["results"]] == ["csv"]
    assert api.get("/api/v1/claims/?format=api").status_code == 200  # not a renderer switch either


def test_the_schema_view_still_honours_its_format_parameter(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")


@pytest.mark.parametrize(
    "bad",
    ['https://example.org/a"b', "https://example.org/<script>", "https://example.org/>", "https://example.org/a b"],
)
def test_links_that_are_not_uris_are_refused_everywhere_a_link_comes_in(api, reviewer, editor, bad):
    """The attack: a quote or angle bracket in a link was stored and came back out where ``format: uri`` is promised."""
    assignment = AssignmentFactory(reviewer=reviewer)
    api.force_authenticate(reviewer)
    response = api.post(
        f"/api/v1/queue/{assignment.pk}/verdict/",
        {"verdict": "supported", "evidence": [{"url": bad}]},
        format="json",
    )
    assert response.status_code == 400 and "evidence" in response.json()["error"]["details"]
    api.force_authenticate(editor)
    article = {"text": "The minister said taxes rose 4%.", "source_url": bad}
    response = api.post("/api/v1/articles/", article, format="json")
    assert response.status_code == 400 and "source_url" in response.json()["error"]["details"]
    response = api.post("/api/v1/webhooks/", {"url": bad, "events": ["report.ready"]}, format="json")
    assert response.status_code == 400


def test_internationalised_links_are_stored_as_uris():
    assert link_clean(" https://bücher.de/Zürich?q=ü ") == "https://xn--bcher-kva.de/Z%C3%BCrich?q=%C3%BC"
    assert link_clean("https://example.org/a%20b?x=1&y=2#top") == "https://example.org/a%20b?x=1&y=2#top"
    with pytest.raises(Exception, match="IPv6"):
        link_clean("https://example.org/a[1]")


def test_the_service_refuses_the_same_links_the_api_does(reviewer):
    from reviews.exceptions import InvalidVerdict
    from reviews.services.verdicts import EvidenceInput, evidence_validate

    with pytest.raises(InvalidVerdict, match="percent-encode"):
        evidence_validate([EvidenceInput(url='https://example.org/"onmouseover="x')])


def test_future_date_pattern_matches_exactly_the_dates_after_today():
    for today in (date(2026, 12, 6), date(2026, 12, 31), date(2027, 2, 28), date(2029, 9, 9)):
        pattern = re.compile(future_date_pattern(today))
        day = today - timedelta(days=400)
        while day < today + timedelta(days=800):
            if not (day.month == 2 and day.day == 29):
                assert bool(pattern.fullmatch(day.isoformat())) == (day > today), (today, day)
            day += timedelta(days=1)
        assert not pattern.fullmatch("2030-02-30") and not pattern.fullmatch("2030-13-01")


def test_the_rules_are_in_the_schema(api):
    schemas = _schema(api)["components"]["schemas"]
    rereview = schemas["RereviewInputRequest"]["properties"]["rereview_on"]
    assert re.fullmatch(rereview["pattern"], (timezone.localdate() + timedelta(days=1)).isoformat())
    assert not re.fullmatch(rereview["pattern"], timezone.localdate().isoformat())
    assert schemas["RecusalInputRequest"]["properties"]["term"]["minLength"] == 2
    request = schemas["ReportRequestRequest"]
    assert {item["$ref"].rsplit("/", 1)[-1] for item in request["oneOf"]} == {
        "ArticleReportInputRequest",
        "BatchReportInputRequest",
    }
    assert "article" in schemas["ArticleReportInputRequest"]["required"]
    assert schemas["BatchReportInputRequest"]["anyOf"] == [{"required": ["since"]}, {"required": ["until"]}]
    assert schemas["EvidenceInputRequest"]["properties"]["url"]["format"] == "uri"


def test_today_is_not_a_future_rereview_date(api, editor, reviewer):
    claim = ClaimFactory(status="supported")
    ReviewFactory(claim=claim, reviewer=reviewer)
    api.force_authenticate(editor)
    today = timezone.localdate().isoformat()
    response = api.post(f"/api/v1/claims/{claim.pk}/rereview/", {"rereview_on": today}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_rereview_date"


def test_recusal_for_a_missing_reviewer_is_404_and_a_repeated_one_409(api, editor, reviewer):
    api.force_authenticate(editor)
    response = api.post("/api/v1/recusals/", {"reviewer": 999999, "kind": "topic", "term": "Sport"}, format="json")
    assert response.status_code == 404
    recusal_declare(user=editor, reviewer_id=reviewer.pk, kind="topic", term="Sport")
    again = {"reviewer": reviewer.pk, "kind": "topic", "term": "Sport"}
    response = api.post("/api/v1/recusals/", again, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_recused"
    response = api.post("/api/v1/recusals/", {**again, "term": " x "}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("report_format", "expected"),
    [("html", "application/octet-stream"), ("csv", "text/csv; charset=utf-8"), ("pdf", "application/pdf")],
)
def test_a_download_is_never_text_html(api, editor, report_format, expected):
    ClaimFactory(status="supported")
    since = {"since": "2000-01-01"}
    report = report_request(user=editor, report_format=report_format, scope="batch", parameters=since)
    report_compile(report_id=report.pk)
    api.force_authenticate(editor)
    for accept in ("*/*", "text/html,application/xhtml+xml,*/*;q=0.8", expected.split(";")[0]):
        response = api.get(f"/api/v1/reports/{report.pk}/download/", HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"] == expected
    response = api.get(f"/api/v1/reports/{report.pk}/download/", HTTP_ACCEPT="application/octet-stream")
    assert response["Content-Type"] == "application/octet-stream"
    response = api.get(f"/api/v1/reports/{report.pk}/download/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406 and response["Content-Type"] == "application/json"


def test_filters_given_without_a_value_or_a_wrong_boolean_are_refused(api, editor):
    """Found by schemathesis: ``?created_to=`` and ``?reviewed=AAA`` were silently no filter at all."""
    api.force_authenticate(editor)
    for query in ("created_to=", "reviewed=AAA", "reviewed=2", "reviewed=null&reviewed=null", "status="):
        response = api.get(f"/api/v1/claims/?{query}")
        assert response.status_code == 400, query
    assert api.get("/api/v1/claims/?reviewed=true&status=pending").status_code == 200
    assert api.get("/api/v1/claims/?desk=&ordering=").status_code == 200  # an empty text, an empty list
    assert api.get("/api/v1/dashboard/?date_to=").status_code == 400
    assert api.get("/api/v1/dashboard/?date_to=2030-01-01").status_code == 200


def test_json_bodies_keep_their_json_types(api, editor, reviewer):
    """Found by schemathesis: ``{"reason": 0}`` was taken as the string "0", ``"5"`` as the number 5."""
    article = ClaimFactory().article
    api.force_authenticate(editor)
    url = "/api/v1/adjudication/article-settings/"
    response = api.post(url, {"article": article.pk, "reason": 0}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["details"]
    response = api.post(url, {"article": str(article.pk)}, format="json")
    assert response.status_code == 400 and "article" in response.json()["error"]["details"]
    assert api.post(url, {"article": article.pk, "required_reviews": True}, format="json").status_code == 400
    assert api.post(url, {"article": article.pk, "reason": "ok"}, format="json").status_code == 200
    assert api.post(url, {"article": str(article.pk), "reason": "form"}).status_code == 200  # a form sends text
    api.force_authenticate(reviewer)
    response = api.post("/api/v1/notifications/mark-read/", {"ids": ["1"]}, format="json")
    assert response.status_code == 400


def test_every_answer_of_a_download_is_in_the_schema(api):
    """With REPORTS_DOWNLOAD_REDIRECT the download is a 302 to a signed URL: documented, with its headers."""
    responses = _schema(api)["paths"]["/api/v1/reports/{id}/download/"]["get"]["responses"]
    assert {"200", "302", "406", "409"} <= set(responses)
    assert responses["302"]["headers"]["Location"]["schema"]["format"] == "uri"
    assert "X-Content-SHA256" in responses["200"]["headers"] and "X-Content-SHA256" in responses["302"]["headers"]


def test_a_page_given_without_a_number_is_refused_on_every_list(api, editor):
    """Found by schemathesis: ``?page=`` was read as page 1 and answered 200."""
    api.force_authenticate(editor)
    lists = [
        path
        for path, item in _schema(api)["paths"].items()
        if "get" in item and any(p["name"] == "page" for p in item["get"].get("parameters", []))
    ]
    assert len(lists) > 5
    for path in lists:
        if "{" in path:
            continue
        response = api.get(f"{path}?page=")
        assert response.status_code == 400 and "page" in response.json()["error"]["details"], path
        assert api.get(f"{path}?page=1").status_code == 200, path
