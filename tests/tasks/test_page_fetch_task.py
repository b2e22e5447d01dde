"""The task that fetches a page asked for by URL (``reviews.fetch_web_page``): retries, routing, a real worker."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import Article, PageFetch, PageFetchState
from reviews.services.webpages import UNEXPECTED_FAILURE, page_fetch_request, page_fetch_retry_delay
from reviews.tasks import fetch_web_page
from tests.conftest import start_worker, wait_for
from tests.network_guard import refuse_outside_loopback
from tests.page_server import Route
from tests.webpages import news_page


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch, fake_dns) -> list[object]:  # type: ignore[no-untyped-def]
    return refuse_outside_loopback(monkeypatch)


def test_the_task_is_routed_to_the_default_queue_with_the_webhooks():
    route = django_settings.CELERY_TASK_ROUTES["reviews.fetch_web_page"]
    assert route == {"queue": django_settings.NEWSROOM_QUEUES["default"]}
    assert fetch_web_page.max_retries == django_settings.WEBPAGE_FETCH_MAX_ATTEMPTS - 1 and fetch_web_page.acks_late


def test_the_backoff_doubles_and_is_capped(settings):
    settings.WEBPAGE_FETCH_RETRY_BASE_SECONDS = 10
    assert [page_fetch_retry_delay(retries=n) for n in range(7)] == [10, 20, 40, 80, 160, 300, 300]


@pytest.mark.django_db
def test_transient_failures_are_retried_up_to_the_last_attempt(editor, page_server):
    attempts = (fetch_web_page.max_retries or 0) + 1  # WEBPAGE_FETCH_MAX_ATTEMPTS, read when the task is defined
    page_server.routes["/a"] = Route(status=503)
    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    fetch_web_page.apply(args=[row.pk])  # eager: each retry runs at once
    row.refresh_from_db()
    assert (row.state, row.attempts, row.error_code) == (PageFetchState.FAILED, attempts, "outbound_failed")
    assert attempts == 4 and page_server.requests == ["/a"] * attempts


@pytest.mark.django_db
def test_a_site_that_recovers_is_ingested_by_a_retry(editor, page_server):
    page_server.routes["/a"] = [Route(status=502), Route(status=429), Route(news_page())]
    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    assert fetch_web_page.apply(args=[row.pk]).get() == PageFetchState.DONE
    row.refresh_from_db()
    assert (row.attempts, row.article) == (3, Article.objects.get())


@pytest.mark.django_db
def test_a_permanent_failure_is_not_retried(editor, page_server):
    page_server.routes["/a"] = Route(status=404)
    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    assert fetch_web_page.apply(args=[row.pk]).get() == PageFetchState.FAILED
    assert page_server.requests == ["/a"]


@pytest.mark.django_db
def test_a_database_error_is_retried_and_the_last_one_fails_the_fetch(editor, page_server, monkeypatch):
    from django.db import OperationalError

    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    calls: list[int] = []

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["fetch_id"])
        raise OperationalError("the database went away")

    monkeypatch.setattr("reviews.services.webpages.page_fetch_run", broken)
    result = fetch_web_page.apply(args=[row.pk])
    assert isinstance(result.result, OperationalError) and calls == [row.pk] * ((fetch_web_page.max_retries or 0) + 1)
    row.refresh_from_db()
    assert (row.state, row.error_code, row.error) == (PageFetchState.FAILED, "fetch_failed", UNEXPECTED_FAILURE)
    assert "the database went away" not in row.error and row.page_url == page_server.url("/a")


# What a database or library error can say about the inside: a host, an address, a path, SQL.
INTERNAL = (
    'connection to server at "pg-primary.internal.example" (10.20.30.40), port 5432 failed; '
    "/srv/newsroom/.venv/lib/python3.11/site-packages/psycopg/connection.py; "
    'SELECT "reviews_pagefetch"."id" FROM "reviews_pagefetch"'
)


@pytest.mark.django_db
@pytest.mark.parametrize("error_type", ["OperationalError", "ValueError"])  # retried then final; failed at once
def test_an_unexpected_errors_text_reaches_neither_the_row_nor_the_editor_nor_the_api(
    editor, page_server, monkeypatch, client, caplog, error_type
):
    from django.db import OperationalError

    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    error_class = {"OperationalError": OperationalError, "ValueError": ValueError}[error_type]

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise error_class(INTERNAL)

    monkeypatch.setattr("reviews.services.webpages.page_fetch_run", broken)
    with caplog.at_level("ERROR", logger="reviews.services.webpages"):
        fetch_web_page.apply(args=[row.pk])
    row.refresh_from_db()
    assert (row.state, row.error_code, row.error) == (PageFetchState.FAILED, "fetch_failed", UNEXPECTED_FAILURE)
    client.force_login(editor)
    page = client.get(reverse("editor-page-fetch", args=[row.pk]))
    api = APIClient()
    api.force_authenticate(editor)
    answer = api.get(f"/api/v1/page-fetches/{row.pk}/")
    assert page.status_code == 200 and answer.status_code == 200
    assert UNEXPECTED_FAILURE in page.content.decode() and answer.json()["error"] == UNEXPECTED_FAILURE
    for shown in (row.error, page.content.decode(), answer.content.decode()):
        for secret in ("pg-primary", "10.20.30.40", "/srv/newsroom", "SELECT", error_type):
            assert secret not in shown, (secret, shown)
    assert any(
        f"page fetch #{row.pk}" in record.getMessage() and INTERNAL in str(record.exc_info[1])
        for record in caplog.records
        if record.exc_info
    )  # logged in full, for the operators


@pytest.mark.worker
@pytest.mark.slow
def test_a_real_worker_fetches_what_the_api_queued(transactional_db, editor, page_server):
    worker = start_worker({"OUTBOUND_ALLOW_LOOPBACK": "1", "WEBPAGE_FETCH_RETRY_BASE_SECONDS": "0.2"})
    try:
        page_server.routes["/news/harbour"] = [Route(status=503), Route(news_page())]
        api = APIClient()
        api.force_authenticate(editor)
        response = api.post("/api/v1/articles/fetch/", {"url": page_server.url("/news/harbour")}, format="json")
        assert response.status_code == 202, response.content
        location = response["Location"]
        done = wait_for(lambda: (body := api.get(location).json())["state"] != "pending" and body, timeout=120)
        assert done["state"] == "done" and done["attempts"] == 2, done
        assert api.get(done["article_url"]).json()["source_url"] == page_server.url("/news/harbour")
        assert PageFetch.objects.get().article == Article.objects.get()
        assert "reviews.fetch_web_page" in worker.output
    finally:
        worker.stop()
