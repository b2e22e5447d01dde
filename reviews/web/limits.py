"""Refuse an oversized request body by its declared length, before anything reads it.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not bound multipart file parts (they stream to a
temporary file), so without this a 50 MB upload would be read, stored in /tmp and only then
refused by the ingest service. Here the Content-Length header alone decides: a 413 goes back at
once and not a byte of the body is read or stored. A body without a Content-Length (chunked) is
not parsed by Django at all, so it cannot smuggle a file in either.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.REQUEST_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return too_large(request, declared=declared, limit=limit)
        return self.get_response(request)


def too_large(request: HttpRequest, *, declared: int, limit: int) -> HttpResponse:
    message = (
        f"The upload is {declared:,} bytes; the limit is {limit:,} bytes "
        f"(articles up to {settings.ARTICLE_MAX_BYTES:,} bytes, web pages up to {settings.WEBPAGE_MAX_BYTES:,}). "
        "Nothing was stored."
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"error": {"code": "request_too_large", "message": message}}, status=413)
    else:
        response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    # The body was not read: the connection cannot be reused for another request.
    response["Connection"] = "close"
    return response
