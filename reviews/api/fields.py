"""Serializer fields shared by the API's resources."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from rest_framework import serializers

from reviews.links import link_clean


class LinkField(serializers.URLField):
    """An http(s) link stored as an RFC 3986 URI (``reviews.links.link_clean``), documented as ``format: uri``.

    Refuses what no URI may contain (``"``, ``<``, ``>``, spaces...), converts internationalised links.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # link_clean applies RFC 3986; Django's URLValidator would also refuse valid URIs (hosts longer than DNS).
        self.validators = [v for v in self.validators if not isinstance(v, URLValidator)]

    def to_internal_value(self, data: Any) -> str:
        value = serializers.CharField.to_internal_value(self, data)
        if value == "" and self.allow_blank:
            return value
        try:
            return link_clean(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class FutureDateField(serializers.DateField):
    """A date that must be after today (the server's local date).

    The rule is enforced where it lives, in the service (``rereview_check``: 400 ``invalid_rereview_date``);
    this field states it in the schema, as a ``pattern`` computed when the schema is generated
    (``reviews.api.schema.future_date_pattern``), so clients see the rule before the 400.
    """


class IdField(serializers.IntegerField):
    """An object id in a request body: 1 to 2^63-1, the range of a database id (the schema says so)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)
