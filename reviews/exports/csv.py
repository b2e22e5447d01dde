"""CSV: one row per claim with its article, safe to open in a spreadsheet.

The columns are the fields of ``ArticleEntry`` and ``ClaimEntry`` that the report's audience shows,
headed by their labels; a list (evidence, verdicts, the audit trail) is one cell with one entry per
line, each naming whose it is. The cover and summary are not repeated on every row: they are in the
other formats, and a spreadsheet sums the rows itself.
"""

from __future__ import annotations

import csv
from dataclasses import fields, is_dataclass
from typing import TextIO

from reviews.selectors.report_document import ArticleEntry, ClaimEntry, ReportDocument, shown_fields

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def cell(value: object) -> str:
    """A value as one cell: a dataclass as "Label: value · ...", a list of them one per line."""
    if isinstance(value, tuple | list):
        return "\n".join(cell(item) for item in value)
    if is_dataclass(value):
        parts = []
        for f in fields(value):
            inner = cell(getattr(value, f.name))
            if inner:
                parts.append(f"{f.metadata.get('label', f.name)}: {inner}".replace("\n", "; "))
        return " · ".join(parts)
    return "" if value is None else str(value)


def header(audience: str) -> list[str]:
    article = [
        f"Article: {f.metadata['label']}" for f in shown_fields(ArticleEntry, audience) if f.name != "article_id"
    ]
    return [
        "Article ID",
        *article,
        *(f.metadata["label"] for f in shown_fields(ClaimEntry, audience) if f.name != "article_id"),
    ]


def write_csv(out: TextIO, document: ReportDocument) -> None:
    audience = document.audience
    article_fields = [f for f in shown_fields(ArticleEntry, audience) if f.name != "article_id"]
    claim_fields = [f for f in shown_fields(ClaimEntry, audience) if f.name != "article_id"]
    writer = csv.writer(out)
    writer.writerow(header(audience))
    for chunk in document.claims:
        by_id = document.articles_of(chunk)
        for claim in chunk:
            article = by_id.get(claim.article_id)
            row = [claim.article_id]
            row += [cell(getattr(article, f.name)) if article else "" for f in article_fields]
            row += [cell(getattr(claim, f.name)) for f in claim_fields]
            writer.writerow([neutralise(value) for value in row])
