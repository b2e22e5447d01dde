"""Base classes for request serializers: JSON bodies keep their JSON types; query strings keep their values.

DRF is lenient in ways the schema is not: a ``CharField`` takes the number ``0`` for ``"0"``, an
``IntegerField`` the string ``"5"``, a ``BooleanField`` ``"yes"``; and in a query string ``?date_to=`` is
read as if the parameter were absent. The schema promises a string, an integer, a boolean, a date: a
request that breaks the promise is answered 400 with the field named, as the schema says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.utils import html

_STRING_FIELDS = (serializers.CharField, serializers.ChoiceField, serializers.DateField, serializers.DateTimeField)


def _json_type_error(field: serializers.Field, value: Any) -> str | None:
    """Why ``value`` (from a JSON body) cannot be ``field``'s JSON type, or None."""
    if value is None or isinstance(field, serializers.JSONField | serializers.FileField):
        return None  # null: the field's own allow_null decides
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, serializers.IntegerField):
        return None if isinstance(value, int) and not isinstance(value, bool) else "Must be a whole number."
    if isinstance(field, serializers.FloatField):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "Must be a number."
    if isinstance(field, serializers.MultipleChoiceField | serializers.ListField | serializers.ListSerializer):
        if not isinstance(value, list):
            return "Must be a list."
        child = getattr(field, "child", None)
        if child is not None and not isinstance(child, serializers.Serializer):
            errors = [_json_type_error(child, item) for item in value]
            return next((f"Item {i}: {error}" for i, error in enumerate(errors) if error), None)
        return None
    if isinstance(field, serializers.Serializer):
        return None if isinstance(value, Mapping) else "Must be an object."
    if isinstance(field, _STRING_FIELDS):
        return None if isinstance(value, str) else "Must be a string."
    return None


class InputSerializer(serializers.Serializer):
    """A request body: when it came as JSON, every field must have the JSON type the schema gives it."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping) and not html.is_html_input(data):
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or field.source == "*" or name not in data:
                    continue
                error = _json_type_error(field, data[name])
                if error:
                    errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class QueryInputSerializer(serializers.Serializer):
    """Query-string parameters: a parameter given with no value (``?date_to=``) is refused, not ignored."""

    def to_internal_value(self, data: Any) -> Any:
        if html.is_html_input(data):
            errors = {
                name: ["Give a value, or leave the parameter out."]
                for name, field in self.fields.items()
                if name in data and data.get(name) == "" and not getattr(field, "allow_blank", False)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
