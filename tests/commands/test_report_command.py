from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reviews.models import Report
from tests.conftest import REPO
from tests.factories import ClaimFactory, ReviewFactory


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "csv"], "Give either --article ID or --since DATE --until DATE."),
        (["--article", "1", "--since", "2026-01-01", "--until", "2026-01-02", "--format", "csv"], "Give either"),
        (["--since", "2026-01-01", "--format", "csv"], "needs both --since and --until"),
        (["--since", "2026-01-01", "--until", "tomorrow", "--format", "csv"], "not a date written YYYY-MM-DD"),
        (["--since", "2026-02-01", "--until", "2026-01-01", "--format", "csv"], "start date is after the end date"),
        (["--article", "1", "--format", "csv", "--wait"], "--wait needs --out PATH"),
        (["--article", "999999", "--format", "csv"], "There is no article #999999."),
    ],
)
@pytest.mark.django_db
def test_bad_arguments_exit_2_and_record_nothing(argv, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("report", *argv)
    assert raised.value.returncode == 2
    assert not Report.objects.exists()


def test_an_unknown_format_exits_2_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "report", "--article", "1", "--format", "docx"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "invalid choice: 'docx'" in result.stderr


@pytest.mark.django_db
def test_without_wait_the_command_only_requests(capsys):
    claim = ClaimFactory()
    call_command("report", "--article", str(claim.article_id), "--format", "json")
    report = Report.objects.get()
    assert (report.scope, report.format, report.state) == ("article", "json", "queued")
    assert f"Report #{report.pk} requested (json)." in capsys.readouterr().out


@pytest.mark.django_db
def test_the_audience_is_chosen_on_the_command_line():
    claim = ClaimFactory()
    call_command("report", "--article", str(claim.article_id), "--format", "pdf", "--audience", "audit")
    call_command("report", "--article", str(claim.article_id), "--format", "pdf", "--names")
    audit, named = Report.objects.order_by("pk")
    assert audit.parameters == {"audience": "audit"} and named.parameters == {"names": True}


@pytest.mark.django_db(transaction=True)
def test_a_timeout_says_the_report_never_left_the_queue(tmp_path):
    claim = ClaimFactory()
    with pytest.raises(CommandError) as raised:
        call_command(
            "report",
            "--article",
            str(claim.article_id),
            "--format",
            "csv",
            "--wait",
            "--timeout",
            "1",
            "--out",
            str(tmp_path / "r.csv"),
        )
    assert raised.value.returncode == 1
    assert "it never left the queue: no worker took it" in str(raised.value)
    assert "ping" in str(raised.value)
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.worker
@pytest.mark.slow
def test_wait_writes_the_report_compiled_by_a_real_worker(celery_worker, reviewer, tmp_path):
    claim = ClaimFactory(text="Tourism grew 12% last summer.", status="supported")
    ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", note="Statistics office.")
    day = claim.article.ingested_at.date().isoformat()
    out = io.StringIO()
    call_command(
        "report",
        "--since",
        day,
        "--until",
        day,
        "--format",
        "pdf",
        "--wait",
        "--out",
        str(tmp_path / "r.pdf"),
        stdout=out,
    )
    assert "done in" in out.getvalue()
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "Tourism grew 12% last summer." in " ".join(text.split())

    call_command("publish", "--claim", str(claim.pk))  # the JSON-LD holds the published reviews
    call_command(
        "report",
        "--article",
        str(claim.article_id),
        "--format",
        "jsonld",
        "--wait",
        "--timeout",
        "60",
        "--out",
        str(tmp_path / "r.jsonld"),
    )
    graph = json.loads((tmp_path / "r.jsonld").read_text(encoding="utf-8"))["@graph"]
    assert [g["claimReviewed"] for g in graph] == ["Tourism grew 12% last summer."]
