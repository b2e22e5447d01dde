"""Serving a compiled report file (shared by the editor pages and the API).

The file comes from the reports storage (a folder or a shared object store, reviews/storage.py), streamed
in chunks; with ``REPORTS_DOWNLOAD_REDIRECT`` and an object store, the response is a redirect to a
short-lived signed URL instead, so the bytes do not pass through the web process at all.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import content_disposition_header

from reviews.models import Report
from reviews.services.reports import CONTENT_TYPES, EXTENSIONS
from reviews.storage import report_file_chunks, report_file_url


def report_download_name(report: Report) -> str:
    return f"report-{report.pk}.{EXTENSIONS.get(report.format, 'bin')}"


def report_file_response(report: Report, *, content_type: str | None = None) -> HttpResponse | StreamingHttpResponse:
    """The file as an attachment with its content type (or ``content_type``) and its SHA-256 in ``X-Content-SHA256``."""
    filename = report_download_name(report)
    content_type = content_type or CONTENT_TYPES.get(report.format, "application/octet-stream")
    response: HttpResponse | StreamingHttpResponse
    url = None
    if settings.REPORTS_DOWNLOAD_REDIRECT:
        url = report_file_url(report.file.name, filename=filename, content_type=content_type)
    if url:
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
    else:
        chunks, size = report_file_chunks(report.file.name)
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Length"] = str(size)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-SHA256"] = report.checksum
    return response
