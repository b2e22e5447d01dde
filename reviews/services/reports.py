"""Requesting and compiling review reports. Compilation runs in a Celery task.

A report row is the source of truth: the task claims it with a conditional UPDATE (queued, or running
with a heartbeat gone silent: a killed worker) and a fresh run token, so a retried, redelivered or
re-sent task compiles it once. The file is written to a scratch file on the worker's machine and put in
the reports storage (reviews/storage.py: a folder, or an object store shared by all machines) only when
complete, in the transaction that marks the row done, so a half-written report is never visible. Claims
are read in chunks and every format is written as a stream, so a 10,000-claim report never sits in one
query or in memory at once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from reviews.dispatch import enqueue
from reviews.exceptions import DomainError, InvalidReportRequest, ReportNotReady
from reviews.exports.csv import write_csv
from reviews.exports.html import write_html
from reviews.exports.json import write_json
from reviews.exports.jsonld import write_jsonld
from reviews.exports.pdf import write_pdf
from reviews.models import (
    Article,
    AuditAction,
    Claim,
    ClaimStatus,
    DigestSetting,
    Report,
    ReportFormat,
    ReportScope,
    ReportState,
    WebhookEvent,
)
from reviews.selectors.report_document import AUDIENCES, PUBLISHER, ReportDocument, report_document
from reviews.selectors.reports import (
    DATE_FIELDS,
    ReportFilters,
    report_article_queryset,
    report_chunk_size,
    report_claim_queryset,
    report_fingerprint,
)
from reviews.services.audit import audit_record
from reviews.services.webhooks import webhook_emit
from reviews.storage import StorageUnavailable, report_file_store, scratch_dir

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)
_Row = TypeVar("_Row")  # a chunk's items: report document entries, or the JSON-LD writer's rows

MAX_ATTEMPTS = 5
EXTENSIONS = {
    ReportFormat.CSV: "csv",
    ReportFormat.JSON: "json",
    ReportFormat.JSONLD: "jsonld",
    ReportFormat.HTML: "html",
    ReportFormat.PDF: "pdf",
}
CONTENT_TYPES = {
    ReportFormat.CSV: "text/csv; charset=utf-8",
    ReportFormat.JSON: "application/json",
    ReportFormat.JSONLD: "application/ld+json",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.PDF: "application/pdf",
}


class UnsupportedReportFormat(DomainError):
    code = "unsupported_format"


class ReportSuperseded(Exception):
    """Another run took the report over (this one was presumed dead); stop without touching the row."""


# --- Requesting ---------------------------------------------------------------------------------


def _clean_batch_parameters(parameters: dict[str, object]) -> dict[str, object]:
    cleaned: dict[str, object] = {}
    for name in ("since", "until"):
        value = parameters.get(name)
        if value in (None, ""):
            continue
        try:
            cleaned[name] = (value if isinstance(value, date) else date.fromisoformat(str(value))).isoformat()
        except ValueError:
            message = f"{name.capitalize()} must be a date written YYYY-MM-DD, not {value!r}."
            raise InvalidReportRequest(message) from None
    if "since" not in cleaned and "until" not in cleaned:
        raise InvalidReportRequest("A batch report needs a date range: give a start date, an end date or both.")
    if "since" in cleaned and "until" in cleaned and str(cleaned["since"]) > str(cleaned["until"]):
        raise InvalidReportRequest("The start date is after the end date.")
    date_field = str(parameters.get("date_field") or "ingested")
    if date_field not in DATE_FIELDS:
        raise InvalidReportRequest(f"Select articles by {' or '.join(DATE_FIELDS)} date, not {date_field!r}.")
    cleaned["date_field"] = date_field
    statuses = parameters.get("statuses") or []
    if not isinstance(statuses, list | tuple):
        statuses = [statuses]
    unknown = sorted(set(map(str, statuses)) - set(ClaimStatus.values))
    if unknown:
        raise InvalidReportRequest(f"Unknown claim status {', '.join(unknown)}.")
    if statuses:
        cleaned["statuses"] = sorted(set(map(str, statuses)))
    for name in ("desk", "reviewer"):
        value = str(parameters.get(name) or "").strip()
        if value:
            cleaned[name] = value
    return cleaned


def report_request(
    *,
    user: User | None,
    report_format: str,
    article_id: int | None = None,
    scope: str = ReportScope.ARTICLE,
    parameters: dict[str, object] | None = None,
    excel_bom: bool = False,
    key: str | None = None,
    audience: str = PUBLISHER,
    show_names: bool = False,
) -> Report:
    """Record a report request and enqueue its compilation once the row is committed.

    ``audience`` is ``publisher`` (roles instead of names unless ``show_names``) or ``audit`` (everything,
    with names); the ClaimReview JSON-LD is the published form and the same for both.

    If the broker cannot be reached the row stays queued with the reason in ``dispatch_error``; the
    sweeper sends it again. The request itself never fails because of the broker.
    """
    if report_format not in EXTENSIONS:
        supported = ", ".join(sorted(EXTENSIONS))
        raise UnsupportedReportFormat(f"Format {report_format!r} is not available; choose one of {supported}.")
    article = None
    if scope == ReportScope.ARTICLE:
        if article_id is None:
            raise InvalidReportRequest("An article report needs an article.")
        article = Article.objects.get(pk=article_id)
        cleaned: dict[str, object] = {}
    elif scope in (ReportScope.BATCH, ReportScope.DIGEST):
        cleaned = _clean_batch_parameters(parameters or {})
    else:
        raise InvalidReportRequest(f"Unknown report scope {scope!r}.")
    if audience not in AUDIENCES:
        raise InvalidReportRequest(f"Unknown audience {audience!r}; choose {' or '.join(AUDIENCES)}.")
    if excel_bom:
        cleaned["excel_bom"] = True
    if audience != PUBLISHER:
        cleaned["audience"] = audience
    if show_names and audience == PUBLISHER:
        cleaned["names"] = True
    with transaction.atomic():
        report = Report.objects.create(
            scope=scope, format=report_format, article=article, parameters=cleaned, requested_by=user, key=key
        )
        audit_record(
            action=AuditAction.REPORT_REQUESTED,
            actor=user,
            article=article,
            data={"report": report.pk, "format": report_format, "scope": scope, "parameters": cleaned},
        )
        report_enqueue_on_commit(report_id=report.pk)
    report.refresh_from_db()
    return report


def report_enqueue_on_commit(*, report_id: int) -> None:
    transaction.on_commit(lambda: report_enqueue(report_id=report_id))


def report_enqueue(*, report_id: int) -> bool:
    """Send the compile task now. Returns False (and records why) when the broker is unreachable."""
    try:
        enqueue(
            "reviews.compile_report",
            report_id,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1},
        )
    except Exception as error:  # any broker failure: the row stays queued for the sweeper
        logger.warning("report %s: could not reach the task queue: %s", report_id, error)
        Report.objects.filter(pk=report_id).update(
            dispatch_error=(
                f"The task queue could not be reached ({error.__class__.__name__}: {error}). The report is saved "
                "and stays queued; it is sent again automatically when the queue is back."
            )[:2000]
        )
        return False
    Report.objects.filter(pk=report_id).update(enqueued_at=timezone.now(), dispatch_error="")
    return True


def report_recompile(*, report_id: int, user: User | None) -> Report:
    """Request the same report again (same scope, filters and format), for example once it is stale."""
    old = Report.objects.get(pk=report_id)
    if old.state in (ReportState.QUEUED, ReportState.RUNNING):
        # A state conflict (409), not a malformed request: the same call succeeds once it is done.
        raise ReportNotReady(f"Report #{old.pk} is still {old.state}; wait for it to finish.")
    parameters = {k: v for k, v in old.parameters.items() if k not in ("excel_bom", "audience", "names")}
    audience, show_names = report_audience(old)
    return report_request(
        user=user,
        report_format=old.format,
        article_id=old.article_id,
        scope=old.scope,
        parameters=parameters,
        excel_bom=bool(old.parameters.get("excel_bom")),
        audience=audience,
        show_names=show_names,
    )


# --- Compiling ----------------------------------------------------------------------------------


@dataclass
class CompileRun:
    """One attempt at compiling a report: owns the row through ``token`` while it runs."""

    report: Report
    token: str
    claims: QuerySet[Claim]
    chunk_size: int
    total: int = 0
    done: int = 0

    def beat(self) -> None:
        """Record progress and a heartbeat; stop if another run has taken the report over."""
        kept = Report.objects.filter(pk=self.report.pk, run_token=self.token, state=ReportState.RUNNING).update(
            progress_done=self.done, heartbeat_at=timezone.now()
        )
        if not kept:
            raise ReportSuperseded

    def counted(self, chunks: Iterable[list[_Row]]) -> Iterator[list[_Row]]:
        """Pass chunks through, recording progress and a heartbeat after each."""
        for chunk in chunks:
            yield chunk
            self.done += len(chunk)
            self.beat()

    def document(self) -> ReportDocument:
        return report_document_for(report=self.report, claims=self.claims, chunk_size=self.chunk_size, run=self)


def report_audience(report: Report) -> tuple[str, bool]:
    """The audience a report was requested for, and whether it names people."""
    audience = str(report.parameters.get("audience") or PUBLISHER)
    return audience, bool(report.parameters.get("names"))


def report_title(report: Report) -> str:
    if report.scope == ReportScope.ARTICLE and report.article is not None:
        return f"Review of “{report.article.title}”"
    return "Daily digest" if report.scope == ReportScope.DIGEST else "Review report"


def _describe(report: Report) -> str:
    if report.scope == ReportScope.ARTICLE:
        return "One article, every claim"
    description = ReportFilters.from_parameters(report.parameters).describe()
    return description[0].upper() + description[1:]


def report_document_for(
    *,
    report: Report,
    claims: QuerySet[Claim] | None = None,
    chunk_size: int | None = None,
    run: CompileRun | None = None,
    audience: str | None = None,
    show_names: bool | None = None,
) -> ReportDocument:
    """The document of ``report`` (its scope, filters and audience); a preview may change the audience."""
    stored_audience, stored_names = report_audience(report)
    claims = report_claim_queryset(report=report) if claims is None else claims
    articles = report_article_queryset(report=report).filter(pk__in=claims.values("article_id"))
    document = report_document(
        claims=claims,
        articles=articles,
        audience=audience or stored_audience,
        show_names=stored_names if show_names is None else show_names,
        title=report_title(report),
        scope=_describe(report),
        generated_at=timezone.now(),
        chunk_size=chunk_size or report_chunk_size(),
    )
    if run is not None:
        document.claims = run.counted(document.claims)
    return document


def _write_csv(path: Path, run: CompileRun) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        if run.report.parameters.get("excel_bom"):
            out.write("\ufeff")
        write_csv(out, run.document())


def _write_json(path: Path, run: CompileRun) -> None:
    with path.open("w", encoding="utf-8") as out:
        write_json(out, run.document(), report_id=run.report.pk, parameters=run.report.parameters)


def _write_jsonld(path: Path, run: CompileRun) -> None:
    with path.open("w", encoding="utf-8") as out:
        write_jsonld(out, run.claims, counted=run.counted)


def _write_html(path: Path, run: CompileRun) -> None:
    with path.open("w", encoding="utf-8") as out:
        write_html(out, run.document())


def _write_pdf(path: Path, run: CompileRun) -> None:
    write_pdf(path, run.document())


_WRITERS: dict[str, Callable[[Path, CompileRun], None]] = {
    ReportFormat.CSV: _write_csv,
    ReportFormat.JSON: _write_json,
    ReportFormat.JSONLD: _write_jsonld,
    ReportFormat.HTML: _write_html,
    ReportFormat.PDF: _write_pdf,
}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _claim(report_id: int, token: str) -> bool:
    """Take the report for this run: queued, or running under a run whose heartbeat went silent."""
    now = timezone.now()
    silent = now - timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)
    takeable = Q(state=ReportState.QUEUED) | Q(state=ReportState.RUNNING, heartbeat_at__lt=silent)
    return bool(
        Report.objects.filter(takeable, pk=report_id).update(
            state=ReportState.RUNNING, run_token=token, heartbeat_at=now, started_at=now, error="", progress_done=0
        )
    )


def report_compile(*, report_id: int) -> Report:
    """Compile report ``report_id``. Safe to call twice: a done or owned report is left as it is.

    Database errors and an unreachable reports storage propagate (the task retries them with backoff) after the row
    is put back in the queue; anything else fails the report with a readable reason.
    """
    token = uuid.uuid4().hex
    if not _claim(report_id, token):
        return Report.objects.get(pk=report_id)
    report = Report.objects.get(pk=report_id)
    if report.attempts >= MAX_ATTEMPTS:
        report_fail(
            report_id=report_id,
            token=token,
            reason=f"Gave up after {report.attempts} attempts: each one stopped before it finished "
            "(the worker was killed or lost its database). Check the worker's memory and logs, then recompile.",
        )
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report_id, run_token=token).update(attempts=report.attempts + 1)
    temp_name = ""
    try:
        writer = _WRITERS.get(report.format)
        if writer is None:
            raise UnsupportedReportFormat(f"Format {report.format!r} is not available.")
        claims = report_claim_queryset(report=report)
        if report.format == ReportFormat.JSONLD:  # the published reviews of the report's claims
            claims = claims.filter(publication__unpublished_at__isnull=True, publication__isnull=False)
        fingerprint = report_fingerprint(claims=report_claim_queryset(report=report))
        total = claims.count()
        Report.objects.filter(pk=report_id, run_token=token).update(progress_total=total)
        run = CompileRun(report=report, token=token, claims=claims, chunk_size=report_chunk_size(), total=total)
        extension = EXTENSIONS[ReportFormat(report.format)]
        relative = f"{settings.REPORTS_DIR}/report-{report.pk}.{extension}"
        scratch = scratch_dir()  # this machine's; the file is stored (shared) only once complete
        # This run owns the report now: clear what a killed earlier run on this machine left behind.
        for debris in scratch.glob(f".partial-report-{report.pk}-*"):
            debris.unlink(missing_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=scratch, prefix=f".partial-report-{report.pk}-", suffix=f".{extension}"
        )
        os.close(handle)
        writer(Path(temp_name), run)
        checksum = _sha256(Path(temp_name))
        size = Path(temp_name).stat().st_size
        with transaction.atomic():
            finished = Report.objects.filter(pk=report_id, run_token=token, state=ReportState.RUNNING).update(
                state=ReportState.DONE,
                file=relative,
                checksum=checksum,
                size_bytes=size,
                progress_done=total,
                finished_at=timezone.now(),
                fingerprint=fingerprint,
                dispatch_error="",
            )
            if finished:
                # Under the row's lock: only the run that owns the report stores it, and a failed
                # upload rolls the row back (the sweeper or a retry compiles it again).
                report_file_store(name=relative, path=Path(temp_name))
                webhook_emit(
                    event=WebhookEvent.REPORT_READY,
                    payload={"report_id": report.pk, "article_id": report.article_id, "format": report.format},
                )
    except ReportSuperseded:
        logger.info("report %s: taken over by another run; this run stops", report_id)
    except (OperationalError, InterfaceError, StorageUnavailable):
        _requeue(report_id, token)
        raise
    except DomainError as error:
        report_fail(report_id=report_id, reason=error.message, token=token)
    except Exception as error:  # recorded as a readable reason, the trace goes to the log
        logger.exception("report %s failed", report_id)
        report_fail(
            report_id=report_id,
            reason=f"The report could not be compiled: {error.__class__.__name__}: {error}"[:2000],
            token=token,
        )
    finally:
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
    report.refresh_from_db()
    return report


def _requeue(report_id: int, token: str) -> None:
    try:
        Report.objects.filter(pk=report_id, run_token=token, state=ReportState.RUNNING).update(
            state=ReportState.QUEUED, run_token=""
        )
    except DatabaseError:
        logger.warning("report %s: could not put it back in the queue; the sweeper will", report_id)


def report_fail(*, report_id: int, reason: str, token: str | None = None) -> None:
    reports = Report.objects.filter(pk=report_id)
    if token is not None:
        reports = reports.filter(run_token=token)
    reports.update(state=ReportState.FAILED, error=reason, finished_at=timezone.now())


def report_sweep_stuck() -> list[int]:
    """Re-send reports whose message was lost: queued but never sent (broker down) or not picked up in
    time, or running under a worker that stopped sending heartbeats (killed). The database decides."""
    now = timezone.now()
    stuck_before = now - timedelta(seconds=settings.REPORT_STUCK_AFTER_SECONDS)
    silent_before = now - timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)
    queued = Q(state=ReportState.QUEUED) & (
        ~Q(dispatch_error="")
        | Q(enqueued_at__isnull=True, requested_at__lt=stuck_before)
        | Q(enqueued_at__lt=stuck_before)
    )
    running = Q(state=ReportState.RUNNING, heartbeat_at__lt=silent_before)
    stuck = list(Report.objects.filter(queued | running).values_list("pk", flat=True))
    for report_id in stuck:
        Report.objects.filter(running, pk=report_id).update(state=ReportState.QUEUED, run_token="")
        report_enqueue(report_id=report_id)
    return stuck


# --- Daily digest -------------------------------------------------------------------------------


def digest_setting_get() -> DigestSetting:
    setting, _ = DigestSetting.objects.get_or_create(pk=1)
    return setting


def digest_setting_update(*, user: User, enabled: bool, report_format: str) -> DigestSetting:
    if report_format not in EXTENSIONS:
        raise UnsupportedReportFormat(f"Format {report_format!r} is not available.")
    with transaction.atomic():
        setting, _ = DigestSetting.objects.select_for_update().get_or_create(pk=1)
        before = f"{'on' if setting.enabled else 'off'}/{setting.format}"
        setting.enabled = enabled
        setting.format = report_format
        setting.updated_by = user
        setting.save()
        audit_record(
            action=AuditAction.DIGEST_SETTING_CHANGED,
            actor=user,
            before=before,
            after=f"{'on' if enabled else 'off'}/{report_format}",
        )
    return setting


def report_digest_daily(*, today: date | None = None) -> Report | None:
    """Yesterday's digest (claims of articles ingested or reviewed that day), once, if switched on."""
    setting = digest_setting_get()
    if not setting.enabled:
        return None
    day = (today or timezone.localdate()) - timedelta(days=1)
    key = f"digest:{day.isoformat()}:{setting.format}"
    existing = Report.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        return report_request(
            user=None,
            report_format=setting.format,
            scope=ReportScope.DIGEST,
            parameters={"since": day, "until": day, "date_field": "any"},
            key=key,
        )
    except IntegrityError:  # a second beat (or a retried task) got there first
        return Report.objects.get(key=key)
