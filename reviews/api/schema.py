"""OpenAPI schema generation: every operation documents the error bodies the API can answer with."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable error code, e.g. `claim_not_held`.")
    message = serializers.CharField(help_text="What went wrong, for a person.")
    details = serializers.JSONField(required=False, help_text="Field errors of an invalid request.")
    article_id = serializers.IntegerField(required=False, help_text="The existing article (duplicate_article).")
    retry_after_seconds = serializers.FloatField(required=False, help_text="When throttled: wait this long.")


class ErrorSerializer(serializers.Serializer):
    """The one error body of the whole API."""

    error = ErrorDetailSerializer()


# status code -> when the API answers with it
ERROR_RESPONSES: dict[str, str] = {
    "400": "The request is not valid (see `error.details`).",
    "401": "Not authenticated: send `Authorization: Token <key>` or log in.",
    "403": "Authenticated, but your role does not allow this.",
    "404": "No such object, or it is outside what you may see.",
    "409": "The request conflicts with the object's current state.",
    "429": "Too many requests: slow down (see `error.retry_after_seconds`).",
}


class NewsroomAutoSchema(AutoSchema):
    def map_parsers(self) -> list[str]:
        """Request bodies are documented as JSON, unless a view chose its parsers (file uploads).

        Form encodings still parse, but they cannot carry JSON's types (null, numbers, lists), so
        they are not offered to API clients as an equal way to call the API.
        """
        parsers: list[str] = super().map_parsers()
        if "parser_classes" in vars(type(self.view)):
            return parsers
        return [media for media in parsers if media == "application/json"] or parsers

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction=direction)
        for code, description in ERROR_RESPONSES.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses


NO_NUL_PATTERN = r"^[^\u0000]*$"
# DRF trims whitespace before checking a required text is not blank: at least one other character.
NOT_BLANK_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


def _text_pattern(min_length: int) -> str:
    """No NUL; and when a minimum length is set, that many characters left after DRF trims the ends."""
    if min_length <= 0:
        return NO_NUL_PATTERN
    if min_length == 1:
        return NOT_BLANK_PATTERN
    return rf"^[^\u0000]*[^\s\u0000][^\u0000]{{{min_length - 2},}}[^\s\u0000][^\u0000]*$"


def _forbid_nul(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not ({"format", "enum", "pattern"} & node.keys()):
            node["pattern"] = _text_pattern(node.get("minLength", 0))
        for value in node.values():
            _forbid_nul(value)
    elif isinstance(node, list):
        for value in node:
            _forbid_nul(value)


def document_nul_refusal(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: say in the schema what DRF text fields refuse (NUL characters; blank after trimming)."""
    _forbid_nul(result)
    return result


def _greater_than(digits: str) -> list[str]:
    """Alternatives matching the fixed-width decimal strings greater than ``digits``."""
    options = []
    for i, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - i - 1
            options.append(digits[:i] + f"[{int(digit) + 1}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return options


# [0-9], not \d: a generator reading the pattern with Python's Unicode \d would write other scripts' digits.
_DAYS = {31: "(0[1-9]|[12][0-9]|3[01])", 30: "(0[1-9]|[12][0-9]|30)", 28: "(0[1-9]|1[0-9]|2[0-8])"}
_MONTH_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _month_day(months: range) -> str:
    """``MM-DD`` for the given months, each with its valid days (29 February left out: not every year has it)."""
    by_length: dict[int, list[str]] = {}
    for month in months:
        by_length.setdefault(_MONTH_DAYS[month], []).append(f"{month:02d}")
    return "(" + "|".join(f"({'|'.join(names)})-{_DAYS[length]}" for length, names in by_length.items()) + ")"


def future_date_pattern(today: date) -> str:
    """A regular expression for ``YYYY-MM-DD`` dates after ``today``: a later year, a later month this year, or a
    later day this month. 29 February is left out (valid only in leap years, which a pattern cannot tell apart
    cheaply), so the schema promises a little less than the server accepts, never more."""
    later_year = "(" + "|".join(_greater_than(f"{today.year:04d}")) + ")-" + _month_day(range(1, 13))
    options = [later_year] if today.year < 9999 else []
    if today.month < 12:
        options.append(f"{today.year:04d}-" + _month_day(range(today.month + 1, 13)))
    last_day = _MONTH_DAYS[today.month]
    later_days = [f"{day:02d}" for day in range(today.day + 1, last_day + 1)]
    if later_days:
        options.append(f"{today.year:04d}-{today.month:02d}-({'|'.join(later_days)})")
    return "^(" + "|".join(options) + ")$"


class FutureDateFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "reviews.api.fields.FutureDateField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": future_date_pattern(timezone.localdate())}


def document_report_scope(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: a batch report needs a start date, an end date or both (JSON Schema ``anyOf``)."""
    batch = result.get("components", {}).get("schemas", {}).get("BatchReportInputRequest")
    if batch is not None:
        batch["anyOf"] = [{"required": ["since"]}, {"required": ["until"]}]
    return result
