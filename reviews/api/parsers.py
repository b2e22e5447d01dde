"""Request body parsers for the API: JSON whose nesting depth is checked before it is parsed."""

from __future__ import annotations

import codecs
import json
import re
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.parsers import get_encoding
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

# A JSON string (escapes included), written so the regular expression never backtracks.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects in ``text`` nest deeper than ``limit``, without parsing it.

    Strings are blanked first so brackets inside them do not count; the scan stops at the first level
    past the limit, so a deeply nested body costs ``limit`` steps, not a recursion per level.
    """
    depth = 0
    for bracket in _BRACKETS.finditer(_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(DRFJSONParser):
    """DRF's JSON parser, refusing (400) a body nested deeper than ``API_JSON_MAX_DEPTH`` before parsing it.

    The standard library's parser recurses once per level: a body of a few kilobytes nested thousands
    of levels deep would otherwise end in a RecursionError, a 500, for anyone, even without logging in.
    """

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = get_encoding(parser_context or {})  # text codecs only (no bz2_codec bombs)
        try:
            text = codecs.decode(stream.read() if stream is not None else b"", encoding)
        except UnicodeError as exc:
            raise ParseError(f"JSON parse error - the body is not valid {encoding}.") from exc
        limit = settings.API_JSON_MAX_DEPTH
        if json_depth_exceeds(text, limit):
            raise ParseError(f"JSON parse error - arrays and objects nest deeper than {limit} levels.")
        try:
            parse_constant = drf_json.strict_constant if api_settings.STRICT_JSON else None
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
