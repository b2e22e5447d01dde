"""Reads of web pages asked for by URL (``PageFetch``): what the editor follows while a task fetches them."""

from __future__ import annotations

from django.db.models import QuerySet

from reviews.models import PageFetch

RECENT_FETCHES = 10


def page_fetch_list() -> QuerySet[PageFetch]:
    """Every fetch, newest first, with who asked and the article it made (or duplicates)."""
    return PageFetch.objects.select_related("requested_by", "article").order_by("-requested_at", "-id")


def page_fetch_list_recent(*, limit: int = RECENT_FETCHES) -> list[PageFetch]:
    return list(page_fetch_list()[:limit])


def page_fetch_get(*, fetch_id: int) -> PageFetch:
    """Raises ``PageFetch.DoesNotExist``."""
    return page_fetch_list().get(pk=fetch_id)
