"""Template helpers for links that keep the editor's filters."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse

from reviews.models import Article
from reviews.selectors.dashboard import DashboardFilters
from reviews.selectors.readiness import Readiness, article_readiness

register = template.Library()


def claim_filter_params(filters: DashboardFilters) -> dict[str, object]:
    """The claims-list query parameters that mean the same as the dashboard's filters."""
    params: dict[str, object] = {
        "desk": filters.desk,
        "article": filters.article_id,
        "reviewer": filters.reviewer_id,
        "status": filters.status,
        "created_from": filters.date_from,
        "created_to": filters.date_to,
    }
    return {key: value for key, value in params.items() if value not in (None, "")}


@register.simple_tag
def claims_url(filters: DashboardFilters, **overrides: object) -> str:
    """The editor's claims list behind a dashboard figure: the page's filters plus ``overrides``.

    An override of ``None`` or ``""`` drops that filter.
    """
    params = claim_filter_params(filters)
    for key, value in overrides.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode({key: str(value) for key, value in params.items()})
    return reverse("editor-claims") + (f"?{query}" if query else "")


@register.simple_tag
def query_with(query: QueryDict, **changes: object) -> str:
    """The current query string with ``changes`` applied (for pagers and sort links)."""
    updated = query.copy()
    for key, value in changes.items():
        if value in (None, ""):
            updated.pop(key, None)
        else:
            updated[key] = str(value)
    return "?" + updated.urlencode()


@register.filter
def percent(part: float | None, whole: float | None) -> float:
    """``part`` as a percentage of ``whole`` (0 when ``whole`` is 0), for widths in CSS."""
    if not part or not whole:
        return 0.0
    return round(100.0 * float(part) / float(whole), 2)


@register.filter
def duration(seconds: float | None) -> str:
    """Seconds as "42 s", "3 min 05 s", "2 h 10 min", "3.5 days"."""
    if seconds is None:
        return "—"
    seconds = float(seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"
    return f"{seconds / 86400:.1f} days"


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def readiness(article: Article) -> Readiness:
    """The article's readiness (from ``readiness_annotate`` annotations: no query)."""
    return article_readiness(article)


@register.simple_tag
def bar_segments(counts: dict[str, int], total: int, statuses: list[tuple[str, str]]) -> list[dict[str, object]]:
    """A stacked bar's segments as SVG geometry in a 0-100 wide view box (no inline style: the CSP).

    One segment per status with a count, in ``statuses`` order: ``status``, ``label``, ``count``,
    ``x`` and ``width`` (percent of ``total``).
    """
    segments: list[dict[str, object]] = []
    offset = 0.0
    for status, label in statuses:
        count = counts.get(status) or 0
        if not count or not total:
            continue
        width = percent(count, total)
        segments.append({"status": status, "label": label, "count": count, "x": offset, "width": width})
        offset += width
    return segments
