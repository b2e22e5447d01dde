"""Published fact-checks, readable without login: each page, the index and the sitemap.

Every page is a constant number of queries (no per-row query), answers conditional requests (ETag and
Last-Modified, 304 when unchanged) and shows only what was published: nothing of the review's internals.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from reviews.models import RatingScale
from reviews.selectors.publications import (
    PER_PAGE,
    claim_review,
    live_publications,
    public_index,
    public_index_changed,
    public_page,
    public_url,
    rating_scale,
)
from reviews.selectors.report_document import day

MAX_AGE = 300


def _conditional(request: HttpRequest, *, tag: str, changed: datetime | None) -> tuple[str, HttpResponse | None]:
    etag = quote_etag(tag)
    last_modified = int(changed.timestamp()) if changed else None
    return etag, get_conditional_response(request, etag=etag, last_modified=last_modified)


def _headers(response: HttpResponse, etag: str, changed: datetime | None) -> HttpResponse:
    response["ETag"] = etag
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def json_ld(data: object) -> str:
    """JSON safe inside a <script> element (no "</script>" can close it early)."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_safe(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))  # noqa: S308


def _rating(scale: RatingScale, status: str) -> dict[str, object]:
    value, wording = scale.rating(status)
    return {"value": value, "wording": wording, "best": scale.best_rating, "worst": scale.worst_rating}


@require_GET
def fact_check(request: HttpRequest, key: str) -> HttpResponse:
    found = public_page(key=key)
    if found is None:
        raise Http404("No such fact-check.")
    publication, corrections = found
    if not publication.is_live:
        response = render(
            request,
            "public/gone.html",
            {"newsroom": settings.NEWSROOM_NAME, "withdrawn_on": day(publication.unpublished_at)},
            status=410,
        )
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response
    scale = rating_scale()
    changed = max(publication.updated_at, scale.updated_at)
    etag, not_modified = _conditional(request, tag=f"fc-{publication.key}-{changed.timestamp():.6f}", changed=changed)
    if not_modified is not None:
        return not_modified
    url = public_url(publication.key, base=request.build_absolute_uri("/"))
    context = {
        "newsroom": settings.NEWSROOM_NAME,
        "publication": publication,
        "rating": _rating(scale, publication.status),
        "published_on": day(publication.published_at),
        "updated_on": day(publication.updated_at) if corrections else "",
        "corrections": [
            {"on": day(c.corrected_at), "verdict": c.previous_verdict, "summary": c.previous_summary}
            for c in corrections
        ],
        "canonical": url,
        "json_ld": json_ld(claim_review(publication, scale=scale, url=url)),
    }
    return _headers(render(request, "public/fact_check.html", context), etag, changed)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    changed = public_index_changed()
    stamp = f"{changed.timestamp():.6f}" if changed else "empty"
    etag, not_modified = _conditional(request, tag=f"fc-index-{page}-{stamp}", changed=changed)
    if not_modified is not None:
        return not_modified
    rows = public_index(offset=(page - 1) * PER_PAGE, limit=PER_PAGE + 1)
    if page > 1 and not rows:
        raise Http404("No such page.")
    scale = rating_scale()
    items = [
        {**row, "rating": _rating(scale, row["status"]), "published_on": day(row["published_at"])}
        for row in rows[:PER_PAGE]
    ]
    context = {
        "newsroom": settings.NEWSROOM_NAME,
        "items": items,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if len(rows) > PER_PAGE else None,
    }
    return _headers(render(request, "public/index.html", context), etag, changed)


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every live fact-check's URL with its last change (one query, streamed as one document)."""
    changed = public_index_changed()
    etag, not_modified = _conditional(
        request, tag=f"fc-sitemap-{changed.timestamp() if changed else 0:.6f}", changed=changed
    )
    if not_modified is not None:
        return not_modified
    base = request.build_absolute_uri("/")
    rows = live_publications().order_by("-published_at", "-id").values_list("key", "updated_at")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for key, updated_at in rows.iterator(chunk_size=2000):
        lines.append(
            f"<url><loc>{public_url(key, base=base)}</loc><lastmod>{updated_at.date().isoformat()}</lastmod></url>"
        )
    lines.append("</urlset>")
    response = HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")
    return _headers(response, etag, changed)
