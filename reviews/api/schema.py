"""OpenAPI schema generation: every operation documents the error bodies the API can answer with."""

from __future__ import annotations

from typing import Any

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


def _forbid_nul(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not ({"format", "enum", "pattern"} & node.keys()):
            node["pattern"] = NOT_BLANK_PATTERN if node.get("minLength", 0) >= 1 else NO_NUL_PATTERN
        for value in node.values():
            _forbid_nul(value)
    elif isinstance(node, list):
        for value in node:
            _forbid_nul(value)


def document_nul_refusal(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: say in the schema what DRF text fields refuse (NUL characters; blank after trimming)."""
    _forbid_nul(result)
    return result
