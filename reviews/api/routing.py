"""URL routing for the API: every object id in a path is a positive integer, matched by the URL conf.

A path whose id is not a number (``/api/v1/queue/abc/verdict/``, ``/api/v1/claims/null,null/``) or is
too long for a database id matches no route: 404 with the API's JSON error body (``errors.page_not_found``),
before any view runs. Views receive the id as an ``int``.
"""

from __future__ import annotations

from django.urls import register_converter
from rest_framework.routers import DefaultRouter


class IdConverter:
    """1 to 18 digits: every id PostgreSQL's bigint can hold with room to spare, and nothing else."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


class IdRouter(DefaultRouter):
    """DRF's router with ``<id:pk>`` path converters instead of a catch-all ``[^/.]+`` regex, and no
    ``.json`` format-suffix URLs (the API speaks JSON only)."""

    include_format_suffixes = False

    def __init__(self) -> None:
        super().__init__(use_regex_path=False)
        self._default_value_pattern = "id"
