from __future__ import annotations

import csv
import hashlib
import io

import pytest
from django.urls import reverse

from reviews.models import DigestSetting, Report
from reviews.services.reports import report_compile, report_request
from tests.factories import ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(reviewer):
    claim = ClaimFactory(text="Bread prices doubled in a year.", status="needs_source")
    ReviewFactory(claim=claim, reviewer=reviewer, verdict="needs_source", note="No figures.")
    return claim


def test_editor_requests_a_batch_report_and_it_is_enqueued_after_commit(
    client, editor, claim, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("editor-reports"),
            {
                "format": "csv",
                "since": "2020-01-01",
                "until": "2099-12-31",
                "date_field": "ingested",
                "desk": "World",
                "statuses": ["needs_source"],
                "excel_bom": "on",
            },
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.scope, report.format, report.state, report.requested_by) == ("batch", "csv", "queued", editor)
    assert report.parameters == {
        "since": "2020-01-01",
        "until": "2099-12-31",
        "date_field": "ingested",
        "statuses": ["needs_source"],
        "desk": "World",
        "excel_bom": True,
    }
    assert len(callbacks) == 1


def test_a_batch_with_reversed_dates_is_refused_on_the_form(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("editor-reports"), {"format": "csv", "since": "2026-03-10", "until": "2026-03-01", "date_field": "any"}
    )
    assert response.status_code == 400
    assert b"The start date is after the end date." in response.content
    assert not Report.objects.exists()


@pytest.mark.django_db(transaction=True)  # the enqueue runs on a real commit, as in production
def test_a_broker_failure_keeps_the_request_and_says_so(client, claim, monkeypatch):
    from django.contrib.auth.models import Group

    from reviews.tasks import compile_report
    from tests.factories import UserFactory

    Group.objects.get_or_create(name="editor")  # an earlier transactional test may have flushed the role groups
    editor = UserFactory(username="edna", roles=["editor"], is_staff=True)

    def down(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(compile_report, "apply_async", down)
    client.force_login(editor)
    response = client.post(
        reverse("editor-reports"),
        {"format": "json", "since": "2020-01-01", "until": "2099-12-31", "date_field": "any"},
        follow=True,
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.state == "queued"
    assert b"is saved and queued" in response.content
    assert b"sent again automatically" in response.content


def test_reports_page_shows_progress_refreshes_while_running_and_flags_stale_reports(
    client, editor, reviewer2, claim, django_assert_max_num_queries
):
    running = report_request(user=editor, report_format="pdf", article_id=claim.article_id)
    Report.objects.filter(pk=running.pk).update(state="running", progress_done=40, progress_total=120)
    done = report_compile(report_id=report_request(user=editor, report_format="csv", article_id=claim.article_id).pk)
    ReviewFactory(claim=claim, reviewer=reviewer2, verdict="supported")
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("editor-reports"))
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "40 / 120" in page
    assert 'title="Claims changed after this report was compiled">stale' in page
    assert reverse("editor-report-download", args=[done.pk]) in page


def test_recompiling_a_report_requests_the_same_report_again(client, editor, claim):
    done = report_compile(report_id=report_request(user=editor, report_format="csv", article_id=claim.article_id).pk)
    client.force_login(editor)
    assert client.post(reverse("editor-report-recompile", args=[done.pk])).status_code == 302
    again = Report.objects.exclude(pk=done.pk).get()
    assert (again.format, again.article_id, again.state) == ("csv", claim.article_id, "queued")


def test_editor_switches_the_daily_digest_on(client, editor):
    client.force_login(editor)
    response = client.post(reverse("editor-report-digest"), {"enabled": "on", "format": "pdf"}, follow=True)
    assert b"The daily digest is on (PDF)." in response.content
    setting = DigestSetting.objects.get()
    assert (setting.enabled, setting.format, setting.updated_by) == (True, "pdf", editor)


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_only_editors_may_download_request_or_switch_the_digest(client, request, editor, claim, who):
    done = report_compile(report_id=report_request(user=editor, report_format="csv", article_id=claim.article_id).pk)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("editor-report-download", args=[done.pk])).status_code == 403
    assert client.post(reverse("editor-reports"), {"format": "csv", "since": "2020-01-01"}).status_code == 403
    assert client.post(reverse("editor-report-digest"), {"enabled": "on", "format": "csv"}).status_code == 403
    assert Report.objects.count() == 1 and not DigestSetting.objects.filter(enabled=True).exists()


def test_editor_downloads_the_csv_with_its_checksum(client, editor, claim):
    done = report_compile(
        report_id=report_request(user=editor, report_format="csv", article_id=claim.article_id, excel_bom=True).pk
    )
    client.force_login(editor)
    response = client.get(reverse("editor-report-download", args=[done.pk]))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-SHA256"] == hashlib.sha256(body).hexdigest() == done.checksum
    [row] = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert (row["Claim"], row["Reason"]) == ("Bread prices doubled in a year.", "No figures.")


def test_the_preview_renders_under_the_strict_csp_with_its_stylesheet_linked(client, editor, reviewer, claim):
    client.force_login(editor)
    response = client.get(reverse("editor-article-report-preview", args=[claim.article_id]))
    page = b"".join(response.streaming_content).decode("utf-8")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "<style" not in page and " style=" not in page
    assert '<link rel="stylesheet" href="/static/reviews/report.css">' in page
    assert "Bread prices doubled in a year." in page and "Needs source" in page
    assert "rita" not in page  # publisher by default
    audit = client.get(reverse("editor-article-report-preview", args=[claim.article_id]), {"audience": "audit"})
    assert "rita" in b"".join(audit.streaming_content).decode("utf-8")
    css = client.get("/static/reviews/report.css")
    assert css.status_code == 200


def test_the_audience_is_chosen_on_the_article_page(client, editor, claim):
    client.force_login(editor)
    client.post(reverse("editor-request-report", args=[claim.article_id]), {"format": "html", "audience": "audit"})
    assert Report.objects.get().parameters["audience"] == "audit"
