"""CSV: one row per claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

HEADER = [
    "claim_id",
    "article_id",
    "article_title",
    "position",
    "claim",
    "suggested_status",
    "status",
    "finalised_at",
    "reviewers",
    "verdicts",
    "notes",
    "evidence",
    "reviewed_at",
    "context",
    "adjudication",
]
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def _context(context: object) -> str:
    if not isinstance(context, dict):
        return ""
    return f"{context['before']} [...] {context['after']}".strip()


def csv_row(record: dict[str, object]) -> list[str]:
    reviews = record["reviews"]
    assert isinstance(reviews, list)
    return [
        neutralise(value)
        for value in (
            record["claim_id"],
            record["article_id"],
            record["article_title"],
            record["position"],
            record["text"],
            record["suggested_status"],
            record["status"],
            record["finalised_at"] or "",
            "; ".join(r["reviewer"] for r in reviews),
            "; ".join(r["verdict"] for r in reviews),
            " | ".join(r["note"] for r in reviews if r["note"]),
            " ".join(link["url"] for r in reviews for link in r["evidence"]),
            "; ".join(r["reviewed_at"] for r in reviews),
            _context(record.get("context")),
            "; ".join(
                f"{e['at']} {e['actor'] or 'system'}: {e['before'] or '-'} -> {e['after'] or '-'} {e['reason']}".strip()
                for e in record.get("adjudication") or []  # type: ignore[attr-defined]
            ),
        )
    ]


def write_csv(out: TextIO, records: Iterable[dict[str, object]]) -> None:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for record in records:
        writer.writerow(csv_row(record))
