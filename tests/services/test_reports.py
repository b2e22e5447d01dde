from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from reviews.models import Article, AuditAction, AuditEvent, Claim, Report, ReportState
from reviews.selectors.reports import report_is_stale
from reviews.services import reports as report_services
from reviews.services.reports import (
    digest_setting_update,
    report_compile,
    report_digest_daily,
    report_recompile,
    report_request,
    report_sweep_stuck,
)
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "report-json-schema.json"


@pytest.fixture
def reviewed_claim(reviewer):
    article = ArticleFactory(
        title="Trade in spring",
        cleaned_text="Ports were busy. =SUM(A1:A3) rose 4% in March. Officials welcomed it.",
        source_url="https://news.example.org/trade",
    )
    text = "=SUM(A1:A3) rose 4% in March."
    start = article.cleaned_text.index(text)
    claim = ClaimFactory(article=article, text=text, start=start, end=start + len(text), status="supported")
    review = ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", note="<script>alert(1)</script>")
    review.evidence.create(url="https://stats.example.org/march", title="March figures")
    return claim


@pytest.fixture
def disputed_claim(reviewed_claim, reviewer, reviewer2):
    claim = ClaimFactory(article=reviewed_claim.article, text="Unemployment halved overnight.", status="disputed")
    ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", note="")
    ReviewFactory(claim=claim, reviewer=reviewer2, verdict="speculative", note="Only one source.")
    AuditEvent.objects.create(
        action=AuditAction.STATUS_CHANGED, claim=claim, before="pending", after="disputed", reason="reviews disagree"
    )
    return claim


def _compile(report: Report) -> tuple[Report, bytes]:
    report = report_compile(report_id=report.pk)
    assert report.state == ReportState.DONE, report.error
    content = (Path(settings.MEDIA_ROOT) / report.file.name).read_bytes()
    assert report.checksum == hashlib.sha256(content).hexdigest()
    assert report.size_bytes == len(content)
    assert report.progress_done == report.progress_total
    assert report.fingerprint
    return report, content


def _article_report(editor, claim, report_format: str, **kwargs) -> tuple[Report, bytes]:
    return _compile(report_request(user=editor, report_format=report_format, article_id=claim.article_id, **kwargs))


def test_csv_report_has_one_row_per_claim_and_neutralises_formulas(editor, reviewed_claim):
    _, content = _article_report(editor, reviewed_claim, "csv")
    assert not content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert len(rows) == 1
    assert rows[0]["Claim"] == "'=SUM(A1:A3) rose 4% in March."
    assert rows[0]["Final status"] == "Supported"
    assert rows[0]["Evidence"] == "Title: March figures · Link: https://stats.example.org/march"
    assert (rows[0]["Context before"], rows[0]["Context after"]) == ("Ports were busy.", "Officials welcomed it.")
    assert rows[0]["Article: Headline"] == "Trade in spring"
    assert "rita" not in content.decode()  # a publisher report names no one


def test_csv_audit_report_says_whose_note_is_whose(editor, disputed_claim, reviewed_claim):
    _, content = _article_report(editor, reviewed_claim, "csv", audience="audit")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    verdicts = rows[1]["Verdicts"].split("\n")
    assert verdicts[0].startswith("Reviewer: rita · Verdict: Supported")
    assert verdicts[1].startswith("Reviewer: rob · Verdict: Speculative") and "Note: Only one source." in verdicts[1]


def test_csv_report_can_start_with_a_byte_order_mark_for_excel(editor, reviewed_claim):
    _, content = _article_report(editor, reviewed_claim, "csv", excel_bom=True)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0]["Claim ID"] == str(reviewed_claim.pk)


@pytest.mark.parametrize("audience", ["publisher", "audit"])
def test_json_report_is_versioned_complete_and_matches_its_documented_schema(
    editor, disputed_claim, reviewed_claim, audience
):
    _, content = _article_report(editor, reviewed_claim, "json", audience=audience)
    data = json.loads(content)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["schema"] == "newsroom.review-report" and data["version"] == 3
    assert data["audience"] == audience
    assert data["summary"]["by_status"] == [
        {"status": "Supported", "claims": 1},
        {"status": "Disputed: awaiting adjudication", "claims": 1},
    ]
    assert data["summary"]["unresolved"] == 1
    assert [a["headline"] for a in data["articles"]] == ["Trade in spring"]
    first, second = data["claims"]
    assert first["text"] == reviewed_claim.text
    assert (first["context_before"], first["context_after"]) == ("Ports were busy.", "Officials welcomed it.")
    assert first["evidence"] == [{"title": "March figures", "url": "https://stats.example.org/march"}]
    if audience == "audit":
        assert [v["reviewer"] for v in second["verdicts"]] == ["rita", "rob"]
        assert second["trail"][0]["change"] == "Awaiting review → Disputed: awaiting adjudication"
    else:
        assert "verdicts" not in second and "trail" not in second


def test_the_documented_json_schema_is_generated_from_the_document_model():
    from reviews.exports.json import document_json_schema

    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == document_json_schema()


def test_jsonld_report_has_the_claim_review_of_each_published_claim_at_its_public_url(
    editor, disputed_claim, reviewed_claim
):
    from reviews.services.publications import claim_publish

    _, content = _article_report(editor, reviewed_claim, "jsonld")
    assert json.loads(content)["@graph"] == []  # nothing published, no public page to point at
    publication = claim_publish(claim_id=reviewed_claim.pk, editor=editor)
    _, content = _article_report(editor, reviewed_claim, "jsonld")
    data = json.loads(content)
    assert data["@context"] == "https://schema.org"
    [review] = data["@graph"]
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{settings.NEWSROOM_URL}/fact-checks/{publication.key}/"
    assert review["claimReviewed"] == reviewed_claim.text
    assert review["reviewRating"]["alternateName"] == "Supported by the evidence"
    assert review["itemReviewed"]["appearance"]["url"] == "https://news.example.org/trade"
    assert review["author"]["name"] == settings.NEWSROOM_NAME


def test_html_report_escapes_user_text_and_inlines_its_stylesheet(editor, disputed_claim, reviewed_claim):
    _, content = _article_report(editor, reviewed_claim, "html", audience="audit")
    page = content.decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "March figures" in page
    assert '<svg class="status-chart"' in page and "Supported: 1 (50.0%)" in page
    assert "Only one source." in page
    assert "Ports were busy." in page
    head = page.split("<body>")[0]
    assert "<style>" in head and "https://" not in head  # opens offline: no CDN or remote asset


def test_pdf_report_opens_and_shows_the_claims(editor, disputed_claim, reviewed_claim):
    _, content = _article_report(editor, reviewed_claim, "pdf")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert content.startswith(b"%PDF-")
    assert "Review of “Trade in spring”" in text
    assert "rose 4% in March." in text
    assert "Unemployment halved overnight." in text
    assert "March figures" in text


def test_pdf_of_a_batch_is_one_document_with_running_page_numbers(editor, settings):
    settings.REPORT_CHUNK_SIZE = 20
    article = ArticleFactory(desk="Economy")
    for position in range(70):
        ClaimFactory(article=article, position=position, text=f"Claim number {position} about prices.")
    report = report_request(
        user=editor, report_format="pdf", scope="batch", parameters={"since": timezone.localdate().isoformat()}
    )
    _, content = _compile(report)
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(f"Claim number {n} about prices." in " ".join(text.split()) for n in range(70))
    assert [f"Page {n}" in page.extract_text() for n, page in enumerate(reader.pages, 1)] == [True] * len(reader.pages)
    assert "Summary" in reader.pages[0].extract_text()


def test_compiling_twice_keeps_one_report(editor, reviewed_claim):
    report, content = _article_report(editor, reviewed_claim, "csv")
    again = report_compile(report_id=report.pk)
    assert again.checksum == report.checksum and again.attempts == 1
    assert Report.objects.count() == 1
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "reports").iterdir()) == [f"report-{report.pk}.csv"]


def test_a_duplicate_task_leaves_a_running_report_to_its_owner(editor, reviewed_claim):
    report = report_request(user=editor, report_format="csv", article_id=reviewed_claim.article_id)
    Report.objects.filter(pk=report.pk).update(state="running", run_token="owner", heartbeat_at=timezone.now())
    assert report_compile(report_id=report.pk).state == "running"
    assert Report.objects.get(pk=report.pk).run_token == "owner"


def test_a_report_whose_worker_went_silent_is_taken_over(editor, reviewed_claim):
    report = report_request(user=editor, report_format="csv", article_id=reviewed_claim.article_id)
    silent = timezone.now() - timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS + 5)
    Report.objects.filter(pk=report.pk).update(state="running", run_token="dead", heartbeat_at=silent, attempts=1)
    done = report_compile(report_id=report.pk)
    assert (done.state, done.attempts) == ("done", 2)


def _batch(editor, report_format="json", **parameters) -> dict:
    report = report_request(user=editor, report_format=report_format, scope="batch", parameters=parameters)
    _, content = _compile(report)
    return json.loads(content)


def test_batch_selects_articles_by_inclusive_ingestion_dates_and_filters(editor, reviewer, reviewer2):
    day = date(2026, 3, 10)
    inside = ArticleFactory(desk="Economy")
    outside = ArticleFactory(desk="Economy")
    other_desk = ArticleFactory(desk="Sport")
    Article.objects.filter(pk__in=[inside.pk, other_desk.pk]).update(
        ingested_at=timezone.make_aware(timezone.datetime(2026, 3, 12, 23, 30))
    )
    Article.objects.filter(pk=outside.pk).update(ingested_at=timezone.make_aware(timezone.datetime(2026, 3, 13, 0, 5)))
    supported = ClaimFactory(article=inside, status="supported")
    pending = ClaimFactory(article=inside, status="pending")
    ClaimFactory(article=outside, status="supported")
    ClaimFactory(article=other_desk, status="supported")
    ReviewFactory(claim=supported, reviewer=reviewer2)

    everything = _batch(editor, since=day.isoformat(), until="2026-03-12")
    assert {c["article_id"] for c in everything["claims"]} == {inside.pk, other_desk.pk}
    assert everything["cover"]["scope"] == "Articles ingested from 10 March 2026 to 12 March 2026"
    by_desk = _batch(editor, since="2026-03-12", until="2026-03-12", desk="economy")
    assert [c["claim_id"] for c in by_desk["claims"]] == [supported.pk, pending.pk]
    by_status = _batch(editor, until="2026-03-12", desk="Economy", statuses=["pending"])
    assert [c["claim_id"] for c in by_status["claims"]] == [pending.pk]
    by_reviewer = _batch(editor, since="2026-03-01", until="2026-03-31", reviewer="rob")
    assert [c["claim_id"] for c in by_reviewer["claims"]] == [supported.pk]
    assert _batch(editor, since="2026-03-01", until="2026-03-31", reviewer="rita")["claims"] == []


def test_batch_can_select_articles_by_review_date(editor, reviewer):
    old = ArticleFactory()
    claim = ClaimFactory(article=old, status="supported")
    Article.objects.filter(pk=old.pk).update(ingested_at=timezone.now() - timedelta(days=30))
    ReviewFactory(claim=claim, reviewer=reviewer)
    today = timezone.localdate().isoformat()
    assert _batch(editor, since=today, until=today)["claims"] == []
    reviewed = _batch(editor, since=today, until=today, date_field="reviewed")
    assert [c["claim_id"] for c in reviewed["claims"]] == [claim.pk]


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({}, "needs a date range"),
        ({"since": "2026-03-12", "until": "2026-03-01"}, "after the end date"),
        ({"since": "12/03/2026"}, "YYYY-MM-DD"),
        ({"since": "2026-03-01", "statuses": ["lost"]}, "Unknown claim status lost"),
        ({"since": "2026-03-01", "date_field": "published"}, "ingested or reviewed"),
    ],
)
def test_a_batch_with_bad_filters_is_refused_and_nothing_is_recorded(editor, parameters, message):
    with pytest.raises(report_services.InvalidReportRequest, match=message):
        report_request(user=editor, report_format="csv", scope="batch", parameters=parameters)
    assert not Report.objects.exists()


def test_a_bad_row_fails_the_report_with_a_readable_reason(editor, reviewed_claim):
    Claim.objects.filter(pk=reviewed_claim.pk).update(status="lost")
    report = report_compile(
        report_id=report_request(user=editor, report_format="html", article_id=reviewed_claim.article_id).pk
    )
    assert report.state == ReportState.FAILED
    assert report.error.startswith(f"Claim #{reviewed_claim.pk} (article #{reviewed_claim.article_id}, position")
    assert "'lost' is not a valid ClaimStatus" in report.error
    assert "Traceback" not in report.error
    assert not (Path(settings.MEDIA_ROOT) / "reports").exists()  # nothing stored
    assert not list(Path(settings.REPORTS_SCRATCH_DIR).iterdir())  # and no scratch left behind


def test_a_report_becomes_stale_when_its_claims_change_and_can_be_recompiled(editor, reviewer2, reviewed_claim):
    report, _ = _article_report(editor, reviewed_claim, "csv")
    assert not report_is_stale(report=report)
    ReviewFactory(claim=reviewed_claim, reviewer=reviewer2, verdict="speculative")
    assert report_is_stale(report=report)
    fresh, _ = _compile(report_recompile(report_id=report.pk, user=editor))
    assert fresh.pk != report.pk and not report_is_stale(report=fresh)
    claim = Claim.objects.get(pk=reviewed_claim.pk)
    claim.status = "speculative"
    claim.save(update_fields=["status", "updated_at"])
    assert report_is_stale(report=fresh)


def test_an_unreachable_broker_keeps_the_request_queued_with_a_reason(
    editor, reviewed_claim, monkeypatch, django_capture_on_commit_callbacks
):
    from reviews.tasks import compile_report

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(compile_report, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(user=editor, report_format="csv", article_id=reviewed_claim.article_id)
    report.refresh_from_db()
    assert report.state == ReportState.QUEUED
    assert "could not be reached" in report.dispatch_error and "sent again automatically" in report.dispatch_error

    sent = []
    monkeypatch.setattr(compile_report, "apply_async", lambda args, **kwargs: sent.append(args))
    assert report_sweep_stuck() == [report.pk]
    assert sent == [(report.pk,)]
    report.refresh_from_db()
    assert report.dispatch_error == "" and report.enqueued_at is not None


def test_the_sweeper_resends_silent_running_reports_but_not_live_ones(editor, reviewed_claim, monkeypatch):
    from reviews.tasks import compile_report

    sent = []
    monkeypatch.setattr(compile_report, "apply_async", lambda args, **kwargs: sent.append(args[0]))
    live = report_request(user=editor, report_format="csv", article_id=reviewed_claim.article_id)
    dead = report_request(user=editor, report_format="csv", article_id=reviewed_claim.article_id)
    silent = timezone.now() - timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS + 1)
    Report.objects.filter(pk=live.pk).update(state="running", heartbeat_at=timezone.now(), enqueued_at=timezone.now())
    Report.objects.filter(pk=dead.pk).update(state="running", heartbeat_at=silent, enqueued_at=timezone.now())
    sent.clear()
    assert report_sweep_stuck() == [dead.pk]
    assert sent == [dead.pk]
    assert Report.objects.get(pk=dead.pk).state == "queued"


def test_the_daily_digest_is_compiled_once_a_day_only_when_switched_on(editor, reviewer, reviewed_claim):
    today = timezone.localdate() + timedelta(days=1)
    assert report_digest_daily(today=today) is None
    digest_setting_update(user=editor, enabled=True, report_format="json")
    first = report_digest_daily(today=today)
    assert report_digest_daily(today=today) == first
    assert Report.objects.filter(scope="digest").count() == 1
    _, content = _compile(first)
    assert [c["claim_id"] for c in json.loads(content)["claims"]] == [reviewed_claim.pk]
    assert AuditEvent.objects.filter(action=AuditAction.DIGEST_SETTING_CHANGED, actor=editor).exists()


def test_reports_link_decided_precedents_of_matched_claims(editor, reviewed_claim):
    from reviews.models import ClaimMatch

    earlier = ClaimFactory(text="March exports rose 4%.", status="supported")
    undecided = ClaimFactory(text="Exports rose 4% in March.")
    ClaimMatch.objects.create(claim=reviewed_claim, matched_claim=earlier, similarity=0.91)
    ClaimMatch.objects.create(claim=reviewed_claim, matched_claim=undecided, similarity=0.95)

    _, content = _article_report(editor, reviewed_claim, "json", audience="audit")
    data = json.loads(content)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    [precedent] = data["claims"][0]["precedents"]  # the undecided match is no precedent
    assert precedent["claim_id"] == earlier.pk and precedent["status"] == "Supported"
    assert precedent["similarity"] == "0.91"
    assert precedent["link"].endswith(f"/editor/claims/{earlier.pk}/")

    _, page = _article_report(editor, reviewed_claim, "html", audience="audit")
    assert f"Claim ID {earlier.pk}</a></td><td>Supported".encode() in page
