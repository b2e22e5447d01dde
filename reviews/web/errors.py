"""The product's own error pages (403, 404) with the navigation, in every mode; the favicon; a CSP-clean Redoc.

Django answers a 404 with its technical page while ``DEBUG`` is on (the demo's mode), and with a
bare "403 Forbidden" unless told otherwise. ``ProductNotFoundMiddleware`` swaps the technical 404
page for the product's; ``permission_denied`` is the project's ``handler403``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

from reviews.api.errors import page_not_found


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``: a page that says what happened and keeps the navigation."""
    return render(request, "403.html", status=403)


class ProductNotFoundMiddleware:
    """With ``DEBUG`` on, a 404 page is still the product's (an API path keeps its JSON body).

    Django renders its technical 404 page itself (not through ``handler404``) while ``DEBUG`` is
    on; any HTML 404 that is not already the product's page is replaced by it. With ``DEBUG`` off
    this middleware does nothing: ``handler404`` renders the same page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "product_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request, None)
        return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, asked for by browsers on pages without an icon link (admin, API docs)."""
    response = redirect(static("reviews/favicon.svg"), permanent=True)
    return response  # type: ignore[return-value]  # redirect() returns HttpResponseRedirect | HttpResponsePermanentRedirect, both HttpResponses


_REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    bundle = finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")
    if not bundle:
        raise Http404("The Redoc bundle (drf-spectacular-sidecar) is not installed.")
    text = Path(bundle).read_text(encoding="utf-8")
    # Redoc's sidebar shows a logo it loads from its CDN; the CSP (self only) blocks it. Ours instead.
    return text.replace(_REDOC_LOGO, static("reviews/favicon.svg")).encode("utf-8")


@require_GET
def redoc_bundle(request: HttpRequest) -> HttpResponse:
    """The Redoc bundle from drf-spectacular-sidecar, with its one outside image pointed at our icon."""
    response = HttpResponse(_redoc_bundle(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class LocalRedocView(SpectacularRedocView):
    """``/api/redoc/``: everything from this origin (no web fonts, no CDN logo)."""

    @staticmethod
    def _redoc_standalone() -> str:
        return reverse("api-redoc-bundle")
