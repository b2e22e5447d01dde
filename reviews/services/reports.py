"""Requesting and compiling review reports. Compilation runs in a Celery task.

A report row is the source of truth: the task re-reads it, skips it when it is already done
(idempotent), writes the file to a temporary name and renames it into place only when it is
complete, so a half-written report is never visible.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from reviews.exceptions import DomainError
from reviews.exports.csv import write_csv
from reviews.exports.rows import claim_record
from reviews.models import Article, AuditAction, Report, ReportFormat, ReportScope, ReportState, WebhookEvent
from reviews.selectors.reports import report_claim_count, report_claims, report_totals
from reviews.services.audit import audit_record
from reviews.services.webhooks import webhook_emit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

JSON_SCHEMA_VERSION = 1
PROGRESS_EVERY = 200


class UnsupportedReportFormat(DomainError):
    code = "unsupported_format"


def report_article_ids(report: Report) -> list[int]:
    if report.scope == ReportScope.ARTICLE:
        return [report.article_id] if report.article_id else []
    raise UnsupportedReportFormat(f"Report scope {report.scope!r} is not supported yet.")


def report_request(
    *, user: AbstractBaseUser, report_format: str, article_id: int, scope: str = ReportScope.ARTICLE
) -> Report:
    """Record a report request and enqueue its compilation once the row is committed."""
    if report_format not in _WRITERS:
        supported = ", ".join(sorted(_WRITERS))
        raise UnsupportedReportFormat(f"Format {report_format!r} is not available; choose one of {supported}.")
    article = Article.objects.get(pk=article_id)
    with transaction.atomic():
        report = Report.objects.create(scope=scope, format=report_format, article=article, requested_by=user)
        audit_record(
            action=AuditAction.REPORT_REQUESTED,
            actor=user,
            article=article,
            data={"report": report.pk, "format": report_format},
        )
        report_enqueue_on_commit(report_id=report.pk)
    return report


def report_enqueue_on_commit(*, report_id: int) -> None:
    from reviews.tasks import compile_report

    transaction.on_commit(lambda: compile_report.delay(report_id))


def _progress(report: Report, done: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress_done=done)


def _records(report: Report, article_ids: list[int]) -> Iterator[dict[str, object]]:
    for done, claim in enumerate(report_claims(article_ids=article_ids), start=1):
        if done % PROGRESS_EVERY == 0:
            _progress(report, done)
        yield claim_record(claim)


def _write_csv(out: TextIO, report: Report, article_ids: list[int]) -> None:
    if report.parameters.get("excel_bom"):
        out.write("\ufeff")
    write_csv(out, _records(report, article_ids))


def _write_json(out: TextIO, report: Report, article_ids: list[int]) -> None:
    header = {
        "schema": "newsroom.review-report",
        "version": JSON_SCHEMA_VERSION,
        "report_id": report.pk,
        "scope": report.scope,
        "generated_at": timezone.now().isoformat(),
        "articles": list(
            Article.objects.filter(pk__in=article_ids)
            .order_by("pk")
            .values("id", "title", "source_url", "desk", "language", "ingested_at")
        ),
        "totals": report_totals(article_ids=article_ids),
    }
    for article in header["articles"]:  # type: ignore[union-attr]
        article["ingested_at"] = article["ingested_at"].isoformat()
    # Stream the claims so a large report never sits in memory as one object.
    text = json.dumps(header, ensure_ascii=False, indent=1)
    out.write(text[:-2] + ',\n "claims": [')
    for index, record in enumerate(_records(report, article_ids)):
        out.write(("," if index else "") + "\n  " + json.dumps(record, ensure_ascii=False))
    out.write("\n ]\n}\n")


def _write_html(out: TextIO, report: Report, article_ids: list[int]) -> None:
    totals = report_totals(article_ids=article_ids)
    out.write(
        render_to_string(
            "reviews/report.html",
            {
                "report": report,
                "articles": list(Article.objects.filter(pk__in=article_ids).order_by("pk")),
                "records": list(_records(report, article_ids)),
                "totals": sorted(totals.items()),
                "claim_total": sum(totals.values()),
                "generated_at": timezone.now(),
                "newsroom_name": settings.NEWSROOM_NAME,
            },
        )
    )


_WRITERS: dict[str, tuple[str, Callable[[TextIO, Report, list[int]], None]]] = {
    ReportFormat.CSV: ("csv", _write_csv),
    ReportFormat.JSON: ("json", _write_json),
    ReportFormat.HTML: ("html", _write_html),
}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def report_compile(*, report_id: int) -> Report:
    """Compile report ``report_id``. Safe to call twice: a done report is left as it is."""
    started = timezone.now()
    claimed = Report.objects.filter(pk=report_id, state__in=[ReportState.QUEUED, ReportState.RUNNING]).update(
        state=ReportState.RUNNING, started_at=started, error=""
    )
    report = Report.objects.get(pk=report_id)
    if not claimed:
        return report
    Report.objects.filter(pk=report_id).update(attempts=report.attempts + 1)
    try:
        article_ids = report_article_ids(report)
        extension, writer = _WRITERS[report.format]
        total = report_claim_count(article_ids=article_ids)
        Report.objects.filter(pk=report_id).update(progress_total=total, progress_done=0)
        relative = f"{settings.REPORTS_DIR}/report-{report.pk}.{extension}"
        final_path = Path(settings.MEDIA_ROOT) / relative
        final_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=final_path.parent, prefix=".partial-", suffix=f".{extension}")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                writer(out, report, article_ids)
            os.replace(temp_name, final_path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        Report.objects.filter(pk=report_id).update(
            state=ReportState.DONE,
            file=relative,
            checksum=_sha256(final_path),
            size_bytes=final_path.stat().st_size,
            progress_done=total,
            finished_at=timezone.now(),
        )
        webhook_emit(
            event=WebhookEvent.REPORT_READY,
            payload={"report_id": report.pk, "article_id": report.article_id, "format": report.format},
        )
    except DomainError as error:
        report_fail(report_id=report_id, reason=error.message)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        logger.exception("report %s failed", report_id)
        report_fail(
            report_id=report_id, reason=f"The report could not be compiled: {error.__class__.__name__}: {error}"
        )
    report.refresh_from_db()
    return report


def report_fail(*, report_id: int, reason: str) -> None:
    Report.objects.filter(pk=report_id).update(state=ReportState.FAILED, error=reason, finished_at=timezone.now())


def report_sweep_stuck() -> list[int]:
    """Re-enqueue reports stuck in queued or running past the timeout (a lost message, a killed worker)."""
    cutoff = timezone.now() - timedelta(minutes=settings.REPORT_STUCK_AFTER_MINUTES)
    stuck = list(
        Report.objects.filter(state__in=[ReportState.QUEUED, ReportState.RUNNING], requested_at__lt=cutoff)
        .exclude(started_at__gte=cutoff)
        .values_list("pk", flat=True)
    )
    for report_id in stuck:
        Report.objects.filter(pk=report_id, state=ReportState.RUNNING).update(state=ReportState.QUEUED)
        report_enqueue_on_commit(report_id=report_id)
    return stuck
