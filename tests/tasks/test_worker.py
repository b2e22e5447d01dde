"""The report task through a real Celery worker process and the configured broker (Redis in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from reviews.models import Report, ReportState
from reviews.services.reports import report_request
from tests.conftest import wait_for
from tests.factories import ClaimFactory, ReviewFactory

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def test_a_real_worker_compiles_the_requested_report(celery_worker, editor, reviewer):
    claim = ClaimFactory(text="Exports fell 3.5% in the first quarter.", status="needs_source")
    ReviewFactory(claim=claim, reviewer=reviewer, verdict="needs_source", note="No source given.")
    report = report_request(user=editor, report_format="json", article_id=claim.article_id)

    done = wait_for(lambda: Report.objects.filter(pk=report.pk, state=ReportState.DONE).first(), timeout=60)
    data = json.loads((Path(settings.MEDIA_ROOT) / done.file.name).read_text(encoding="utf-8"))
    assert [c["text"] for c in data["claims"]] == ["Exports fell 3.5% in the first quarter."]
    assert data["claims"][0]["reason"] == "No source given."  # the publisher report: the agreed note
    assert "reviews.compile_report" in celery_worker.output
