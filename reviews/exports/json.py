"""JSON: the report document as data (``schema`` ``newsroom.review-report``, ``version`` 2), streamed.

Keys are the document's field names; a report for the publisher has no audit fields at all. The claims
are written chunk by chunk so a 10,000-claim report never sits in memory as one object. The shape is
documented in ``docs/report-json-schema.json``.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import Any, TextIO

from reviews.selectors.report_document import (
    ArticleEntry,
    ClaimEntry,
    CorrectionEntry,
    Cover,
    EvidenceItem,
    PrecedentEntry,
    ReportDocument,
    StatusCount,
    Summary,
    TrailEntry,
    VerdictEntry,
    shown_fields,
)

JSON_SCHEMA_NAME = "newsroom.review-report"
JSON_SCHEMA_VERSION = 3
DOCUMENT_TYPES = (
    ArticleEntry,
    ClaimEntry,
    Cover,
    CorrectionEntry,
    EvidenceItem,
    PrecedentEntry,
    StatusCount,
    Summary,
    TrailEntry,
    VerdictEntry,
)


def as_data(value: object, audience: str) -> Any:
    """A document value as plain JSON data, keeping only the fields ``audience`` shows."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_data(getattr(value, f.name), audience) for f in shown_fields(type(value), audience)}
    if isinstance(value, tuple | list):
        return [as_data(item, audience) for item in value]
    return value


def write_json(out: TextIO, document: ReportDocument, *, report_id: int | None, parameters: dict[str, object]) -> None:
    audience = document.audience
    header = {
        "schema": JSON_SCHEMA_NAME,
        "version": JSON_SCHEMA_VERSION,
        "report_id": report_id,
        "audience": audience,
        "parameters": parameters,
        "cover": as_data(document.cover, audience),
        "summary": as_data(document.summary, audience),
        "articles": as_data(document.articles, audience),
        "more_articles": document.more_articles,
    }
    out.write(json.dumps(header, ensure_ascii=False, indent=1)[:-2] + ',\n "claims": [')
    written = 0
    for chunk in document.claims:
        for claim in chunk:
            out.write(("," if written else "") + "\n  " + json.dumps(as_data(claim, audience), ensure_ascii=False))
            written += 1
    out.write("\n ]\n}\n")


def _field_schema(annotation: str) -> dict[str, Any]:
    if annotation.startswith("tuple["):
        inner = annotation[len("tuple[") :].split(",")[0].strip()
        return {"type": "array", "items": {"$ref": f"#/$defs/{inner}"}}
    return {"type": "integer"} if annotation == "int" else {"type": "string"}


def document_json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON format, generated from the document's dataclasses (an audit report has
    every field; a publisher report lacks the audit ones, which are therefore not required)."""
    defs: dict[str, Any] = {}
    for cls in DOCUMENT_TYPES:
        props = {f.name: {**_field_schema(str(f.type)), "title": f.metadata["label"]} for f in fields(cls)}
        required = [f.name for f in shown_fields(cls, "publisher")]
        defs[cls.__name__] = {
            "type": "object",
            "required": required,
            "properties": props,
            "additionalProperties": False,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{JSON_SCHEMA_NAME}/{JSON_SCHEMA_VERSION}",
        "title": f"Newsroom review report, JSON format, version {JSON_SCHEMA_VERSION}",
        "description": "Generated from reviews/selectors/report_document.py by "
        "reviews.exports.json.document_json_schema (a test keeps this file equal to it). Values are as a "
        "reader sees them: statuses in words, dates in the newsroom's time zone. See docs/report-json-schema.md.",
        "type": "object",
        "required": [
            "schema",
            "version",
            "report_id",
            "audience",
            "parameters",
            "cover",
            "summary",
            "articles",
            "more_articles",
            "claims",
        ],
        "properties": {
            "schema": {"const": JSON_SCHEMA_NAME},
            "version": {"const": JSON_SCHEMA_VERSION},
            "report_id": {"type": ["integer", "null"]},
            "audience": {"enum": ["publisher", "audit"]},
            "parameters": {"type": "object", "description": "The report's filters as requested."},
            "cover": {"$ref": "#/$defs/Cover"},
            "summary": {"$ref": "#/$defs/Summary"},
            "articles": {"type": "array", "items": {"$ref": "#/$defs/ArticleEntry"}},
            "more_articles": {"type": "integer", "minimum": 0},
            "claims": {"type": "array", "items": {"$ref": "#/$defs/ClaimEntry"}},
        },
        "$defs": defs,
    }
