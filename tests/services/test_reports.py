from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.conf import settings

from reviews.models import Report, ReportState
from reviews.services.reports import report_compile, report_request
from tests.factories import ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed_claim(reviewer):
    claim = ClaimFactory(text="=SUM(A1:A3) rose 4% in March.", status="supported")
    review = ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", note="<script>alert(1)</script>")
    review.evidence.create(url="https://stats.example.org/march", title="March figures")
    return claim


def _compile(editor, claim, report_format: str) -> tuple[Report, bytes]:
    report = report_request(user=editor, report_format=report_format, article_id=claim.article_id)
    report = report_compile(report_id=report.pk)
    assert report.state == ReportState.DONE, report.error
    content = (Path(settings.MEDIA_ROOT) / report.file.name).read_bytes()
    assert report.checksum == hashlib.sha256(content).hexdigest()
    assert report.size_bytes == len(content)
    assert report.progress_done == report.progress_total == 1
    return report, content


def test_csv_report_has_one_row_per_claim_and_neutralises_formulas(editor, reviewed_claim):
    _, content = _compile(editor, reviewed_claim, "csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert len(rows) == 1
    assert rows[0]["claim"] == "'=SUM(A1:A3) rose 4% in March."
    assert rows[0]["verdicts"] == "supported"
    assert rows[0]["reviewers"] == "rita"
    assert rows[0]["evidence"] == "https://stats.example.org/march"


def test_json_report_is_versioned_and_complete(editor, reviewed_claim):
    _, content = _compile(editor, reviewed_claim, "json")
    data = json.loads(content)
    assert data["schema"] == "newsroom.review-report" and data["version"] == 1
    assert data["totals"] == {"supported": 1}
    [claim] = data["claims"]
    assert claim["text"] == reviewed_claim.text
    assert claim["reviews"][0]["evidence"][0]["title"] == "March figures"


def test_html_report_escapes_user_text(editor, reviewed_claim):
    _, content = _compile(editor, reviewed_claim, "html")
    page = content.decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "March figures" in page


def test_compiling_twice_keeps_one_report(editor, reviewed_claim):
    report, content = _compile(editor, reviewed_claim, "csv")
    again = report_compile(report_id=report.pk)
    assert again.checksum == report.checksum
    assert Report.objects.count() == 1
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "reports").iterdir()) == [f"report-{report.pk}.csv"]
