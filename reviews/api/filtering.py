from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend

from reviews.filters import IdFilterSet


class FilterBackend(DjangoFilterBackend):
    """django-filter, with foreign keys filtered by id: ``?article=123`` for an unknown article is an empty page."""

    filterset_base = IdFilterSet
