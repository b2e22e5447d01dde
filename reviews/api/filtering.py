from __future__ import annotations

from typing import Any

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from reviews.filters import IdFilterSet

BOOLEAN_SPELLINGS = ("true", "false")
# An empty value is a valid string (no filter) and an empty list (no ordering); not a date, number or choice.
TEXT_FILTERS = (django_filters.CharFilter, django_filters.filters.BaseCSVFilter)


class FilterBackend(DjangoFilterBackend):
    """django-filter, with foreign keys filtered by id: ``?article=123`` for an unknown article is an empty page.

    Stricter than the web pages' forms, as the schema says: a date, number or choice given with no value
    (``?created_to=``) or a
    boolean that is not ``true``/``false`` (``?reviewed=AAA``) is a 400, not silently no filter at all.
    """

    filterset_base = IdFilterSet

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            errors: dict[str, list[str]] = {}
            for name, declared in filterset_class.base_filters.items():
                values = request.query_params.getlist(name)
                if not values:
                    continue
                if "" in values and not isinstance(declared, TEXT_FILTERS):
                    errors[name] = ["Give a value, or leave the parameter out."]
                elif isinstance(declared, django_filters.BooleanFilter) and values[-1] not in BOOLEAN_SPELLINGS:
                    errors[name] = ["Must be true or false."]
            if errors:
                raise ValidationError(errors)
        return super().filter_queryset(request, queryset, view)
