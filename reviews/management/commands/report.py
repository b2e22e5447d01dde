"""python manage.py report (--article ID | --since DATE --until DATE) --format F
    [--audience publisher|audit] [--names] [--wait [--timeout S]] [--out PATH]

Requests a report through Celery exactly like the editor pages do. With --wait it waits for the worker
and writes the file to --out. Exit status: 0 done (or requested, without --wait), 1 failed or timed
out, 2 bad arguments.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exceptions import DomainError
from reviews.models import Article, Report, ReportFormat, ReportScope, ReportState
from reviews.selectors.report_document import AUDIENCES, PUBLISHER


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date written YYYY-MM-DD.", returncode=2) from None


def _workers_answering() -> str:
    """Whether any Celery worker answers a ping (not every broker supports it: say so)."""
    from newsroom.celery import app

    try:
        replies = app.control.ping(timeout=1.5)
    except Exception as error:  # the answer is a sentence for the operator
        return f"the workers could not be pinged on this broker ({error.__class__.__name__})"
    if not replies:
        return "no Celery worker answered a ping"
    return f"{len(replies)} Celery worker(s) answered a ping"


class Command(BaseCommand):
    help = "Request a review report through Celery; with --wait, wait for it and write it to --out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, help="One article's report.")
        parser.add_argument("--since", help="Batch: first ingestion day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--until", help="Batch: last ingestion day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--format", required=True, choices=ReportFormat.values)
        parser.add_argument("--desk", default="", help="Batch: only this desk or topic.")
        parser.add_argument("--status", action="append", default=[], help="Batch: only claims with this status.")
        parser.add_argument("--reviewer", default="", help="Batch: only claims reviewed by this username.")
        parser.add_argument(
            "--audience",
            choices=AUDIENCES,
            default=PUBLISHER,
            help="publisher (default: roles, not names) or audit (every verdict, decision and the audit trail).",
        )
        parser.add_argument("--names", action="store_true", help="Publisher report: name people instead of roles.")
        parser.add_argument("--excel-bom", action="store_true", help="CSV: start with a byte-order mark for Excel.")
        parser.add_argument("--wait", action="store_true", help="Wait until the report is done or failed.")
        parser.add_argument("--timeout", type=float, default=300.0, help="Seconds to wait (default 300).")
        parser.add_argument("--out", type=Path, help="Where to write the file (required with --wait).")

    def handle(self, *args: object, **options: object) -> None:
        from reviews.services.reports import report_request

        article_id = options["article"]
        since, until = options["since"], options["until"]
        if (article_id is None) == (since is None and until is None):
            raise CommandError("Give either --article ID or --since DATE --until DATE.", returncode=2)
        if article_id is None and (since is None or until is None):
            raise CommandError("A batch needs both --since and --until.", returncode=2)
        if options["wait"] and options["out"] is None:
            raise CommandError("--wait needs --out PATH to write the report to.", returncode=2)
        if options["out"] is not None and not options["wait"]:
            raise CommandError("--out is only used with --wait.", returncode=2)
        timeout = float(options["timeout"])  # type: ignore[arg-type]  # argparse options are untyped; --timeout is a number
        if timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds.", returncode=2)
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"There is no article #{article_id}.", returncode=2)
        try:
            report = report_request(
                user=None,
                report_format=str(options["format"]),
                scope=ReportScope.ARTICLE if article_id is not None else ReportScope.BATCH,
                article_id=article_id,  # type: ignore[arg-type]  # argparse options are untyped; --article is an int or None
                parameters={
                    "since": _date(str(since)) if since else None,
                    "until": _date(str(until)) if until else None,
                    "statuses": options["status"],
                    "desk": options["desk"],
                    "reviewer": options["reviewer"],
                },
                excel_bom=bool(options["excel_bom"]),
                audience=str(options["audience"]),
                show_names=bool(options["names"]),
            )
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from None
        self.stdout.write(f"Report #{report.pk} requested ({report.format}).")
        if report.dispatch_error:
            self.stderr.write(report.dispatch_error)
        if not options["wait"]:
            return
        self._wait(report, timeout=timeout, out=options["out"])  # type: ignore[arg-type]  # argparse options are untyped; --out is a path here (checked above)

    def _wait(self, report: Report, *, timeout: float, out: Path) -> None:
        deadline = time.monotonic() + timeout
        left_queue = False
        while True:
            report.refresh_from_db()
            left_queue = left_queue or report.state != ReportState.QUEUED
            if report.state == ReportState.DONE:
                break
            if report.state == ReportState.FAILED:
                raise CommandError(f"Report #{report.pk} failed: {report.error}", returncode=1)
            if time.monotonic() >= deadline:
                where = (
                    f"it is {report.state} ({report.progress_done}/{report.progress_total} claims)"
                    if left_queue
                    else "it never left the queue: no worker took it"
                )
                raise CommandError(
                    f"Timed out after {timeout:g} s waiting for report #{report.pk}: {where}; {_workers_answering()}.",
                    returncode=1,
                )
            time.sleep(0.3)
        from reviews.storage import report_file_chunks

        out.parent.mkdir(parents=True, exist_ok=True)
        chunks, _ = report_file_chunks(report.file.name)  # from the reports storage, wherever it is
        hasher = hashlib.sha256()
        with out.open("wb") as handle:
            for chunk in chunks:
                hasher.update(chunk)
                handle.write(chunk)
        digest = hasher.hexdigest()
        if digest != report.checksum:
            raise CommandError(f"The copy at {out} does not match the report's checksum.", returncode=1)
        seconds = f" in {report.duration_seconds:.1f} s" if report.duration_seconds is not None else ""
        self.stdout.write(f"Report #{report.pk} done{seconds}: {out} ({report.size_bytes} bytes, sha256 {digest}).")
