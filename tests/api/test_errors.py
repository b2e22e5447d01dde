"""No 500s and no HTML from the API: malformed ids are 404, malformed bodies 400, always the JSON error body."""

from __future__ import annotations

import json
import re

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from reviews.api.errors import server_error
from reviews.api.parsers import json_depth_exceeds
from reviews.models import Report
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "null,null", "-1", "1.5", "1e3", "%20", "0x1f", "9" * 19, "1;2"]


def _api_routes() -> list[str]:
    """Every /api/v1/ route with an object id in its path, as a template: ``/api/v1/queue/{}/verdict/``."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/") and "<" in route:
                routes.append("/" + re.sub(r"<[^>]+>", "{}", route))

    walk(get_resolver().url_patterns, "")
    return routes


def _assert_json_error(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert set(json.loads(response.content)["error"]) >= {"code", "message"}


def test_every_id_route_is_found_and_each_takes_integers_only():
    routes = _api_routes()
    assert "/api/v1/queue/{}/verdict/" in routes and "/api/v1/claims/{}/rereview/" in routes
    assert len(routes) >= 20


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_malformed_id_is_404_json_on_every_api_route(method, reviewer, editor):
    """The attack: ``POST /api/v1/queue/abc/verdict/`` (also ``null,null``) crashed in ``int(pk)``, a 500 page."""
    for user in (reviewer, editor):
        api = APIClient()
        api.force_authenticate(user)
        for route in _api_routes():
            for bad in BAD_IDS:
                response = getattr(api, method)(route.format(bad), {}, format="json", HTTP_ACCEPT="text/html")
                _assert_json_error(response, 404)


def test_the_queue_actions_answer_404_for_ids_that_are_not_numbers(reviewer):
    api = APIClient()
    api.force_authenticate(reviewer)
    for action in ("verdict", "release", "not-a-claim"):
        for bad in ("abc", "null,null"):
            _assert_json_error(api.post(f"/api/v1/queue/{bad}/{action}/", {"verdict": "supported"}, format="json"), 404)


def test_a_huge_but_numeric_id_is_a_plain_404(reviewer):
    api = APIClient()
    api.force_authenticate(reviewer)
    _assert_json_error(api.post(f"/api/v1/queue/{'9' * 18}/release/", {}, format="json"), 404)
    _assert_json_error(api.get(f"/api/v1/claims/{'9' * 18}/"), 404)


def _nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


def test_a_deeply_nested_json_body_is_400_json_even_without_logging_in():
    """The attack: 5,000 nested arrays ended in a RecursionError, a 500 page, for anyone."""
    api = APIClient()
    for body in (_nested(5000), ('{"a":' * 5000 + "1" + "}" * 5000).encode(), _nested(100_000)[:150_000]):
        response = api.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
        _assert_json_error(response, 400)
        assert "nest deeper" in response.json()["error"]["message"]


def test_a_deep_body_is_refused_before_any_view_reads_it(reviewer):
    assignment = AssignmentFactory(reviewer=reviewer)
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.generic(
        "POST", f"/api/v1/queue/{assignment.pk}/verdict/", _nested(5000), content_type="application/json"
    )
    _assert_json_error(response, 400)
    assignment.refresh_from_db()
    assert assignment.state == "active"


def test_nesting_up_to_the_limit_parses(settings, reviewer):
    settings.API_JSON_MAX_DEPTH = 4
    api = APIClient()
    api.force_authenticate(reviewer)
    body = json.dumps({"article": None, "desk": "", "x": [[{"y": "[[[[[[[[[["}]]}).encode()  # brackets in a string
    assert api.generic("POST", "/api/v1/queue/next/", body, content_type="application/json").status_code != 400
    too_deep = json.dumps({"x": [[[{"y": 1}]]]}).encode()
    _assert_json_error(api.generic("POST", "/api/v1/queue/next/", too_deep, content_type="application/json"), 400)


def test_depth_scanner_ignores_brackets_in_strings_and_escaped_quotes():
    assert not json_depth_exceeds('{"a": "[[[[[[\\"[[[[[[", "b": [1, [2]]}', 3)
    assert json_depth_exceeds('{"a": "\\\\", "b": [[1]]}', 2)
    assert not json_depth_exceeds("[]" * 10_000, 1)


def test_malformed_bodies_are_400_json(reviewer):
    api = APIClient()
    api.force_authenticate(reviewer)
    for body, content_type in (
        (b"{", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"NaN", "application/json"),
        (b"{}", "application/json; charset=bz2_codec"),
    ):
        _assert_json_error(api.generic("POST", "/api/v1/queue/next/", body, content_type=content_type), 400)


def test_an_unexpected_crash_under_api_is_a_json_500_and_elsewhere_django_s_page():
    factory = RequestFactory()
    response = server_error(factory.get("/api/v1/claims/"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]["code"] == "server_error"
    assert server_error(factory.get("/review/"))["Content-Type"].startswith("text/html")


def test_api_errors_are_json_even_when_the_client_asks_for_html(editor):
    api = APIClient()
    _assert_json_error(api.get("/api/v1/claims/", HTTP_ACCEPT="text/html"), 401)
    api.force_authenticate(editor)
    report = Report.objects.create(scope="batch", format="csv", state="queued")
    response = api.get(f"/api/v1/reports/{report.pk}/download/", HTTP_ACCEPT="text/html")
    _assert_json_error(response, 409)


def test_only_ingest_takes_multipart_on_articles(editor):
    """Found by schemathesis: a multipart body that was an array reached ``clear`` as an empty object."""
    article = AssignmentFactory().claim.article
    api = APIClient()
    api.force_authenticate(editor)
    boundary = "b0undary"
    body = f"--{boundary}\r\n[]--{boundary}--\r\n".encode()
    response = api.generic(
        "POST", f"/api/v1/articles/{article.pk}/clear/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    _assert_json_error(response, 415)
