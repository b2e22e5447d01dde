"""One error body for the whole API: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from reviews.exceptions import DomainError, DuplicateArticle, PageFetchPending


def exception_handler(exc: Exception, context: dict[str, object]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, object] = {"code": exc.code, "message": exc.message}
        if isinstance(exc, DuplicateArticle):
            body["article_id"] = exc.article_id
        elif isinstance(exc, PageFetchPending):
            body["fetch_id"] = exc.fetch_id
            body["fetch_url"] = reverse("page-fetch-detail", args=[exc.fetch_id])
        return Response({"error": body}, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": "The request is not valid.", "details": detail}
    else:
        message = detail.get("detail", "") if isinstance(detail, dict) else str(detail)
        code = getattr(message, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(message)}
    response.data = {"error": body}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and getattr(exc, "wait", None):
        body["retry_after_seconds"] = exc.wait  # type: ignore[attr-defined]  # only Throttled has wait; checked with getattr just above
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json_error(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status_code)


def page_not_found(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    """Django's 404 handler: an API path that matches no route answers with the API's JSON error body.

    Without it a URL the router cannot match (``/api/v1/queue/abc/verdict/``: ids are ``<id:...>``, digits
    only) would answer with an HTML page, a content type the API never documents.
    """
    if _is_api(request):
        return _json_error("not_found", "Not found.", 404)
    response = defaults.page_not_found(request, exception)  # templates/404.html: the product's page
    response.product_page = True  # type: ignore[attr-defined]  # see reviews.web.errors
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler (a refused Host header, a malformed multipart body...): JSON under /api/."""
    if _is_api(request):
        return _json_error("bad_request", "The request is malformed.", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 403 handler (raised outside DRF's views): JSON under /api/, the product's page elsewhere."""
    if _is_api(request):
        return _json_error("permission_denied", "You do not have permission to perform this action.", 403)
    from reviews.web import errors as web_errors  # the web page imports the web layer; keep the API light

    return web_errors.permission_denied(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: JSON under /api/, with nothing about the failure (it is logged)."""
    if _is_api(request):
        return _json_error("server_error", "Something went wrong on our side; it has been logged.", 500)
    return defaults.server_error(request)
