"""Serving a compiled report file (shared by the editor pages and the API)."""

from __future__ import annotations

from django.http import FileResponse

from reviews.models import Report
from reviews.services.reports import CONTENT_TYPES


def report_file_response(report: Report) -> FileResponse:
    """The file as an attachment with its content type and its SHA-256 in ``X-Content-SHA256``."""
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(report.format, "application/octet-stream"),
    )
    response["X-Content-SHA256"] = report.checksum
    return response
