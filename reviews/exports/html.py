"""HTML: the report document laid out for people, streamed chunk by chunk.

The downloaded file carries its stylesheet inline (it must open anywhere, offline); the in-app preview
links ``static/reviews/report.css`` instead, so it renders under the strict Content Security Policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reviews.exports.chart import status_chart_svg
from reviews.selectors.report_document import AUDIT, ClaimEntry, ReportDocument

STYLESHEET = "reviews/report.css"


@cache
def report_css() -> str:
    found = finders.find(STYLESHEET) or str(Path(settings.BASE_DIR) / "static" / STYLESHEET)
    return Path(str(found)).read_text(encoding="utf-8")


def status_css_class(status_words: str) -> str:
    """A CSS class from the status as written ("Needs source" -> "is-needs-source")."""
    return "is-" + "-".join(status_words.split(":")[0].lower().split())


def claim_items(
    chunk: list[ClaimEntry], document: ReportDocument, previous: int | None
) -> tuple[list[dict], int | None]:
    """Each claim with its article when it starts a new article (to print a heading)."""
    articles = document.articles_of(chunk)
    items = []
    for claim in chunk:
        starts = claim.article_id != previous
        previous = claim.article_id
        items.append(
            {
                "claim": claim,
                "article": articles.get(claim.article_id) if starts else None,
                "css": status_css_class(claim.status),
            }
        )
    return items, previous


def write_html(out: TextIO, document: ReportDocument, *, stylesheet_url: str | None = None) -> None:
    """Write the whole document; ``stylesheet_url`` links the stylesheet instead of inlining it."""
    for part in html_parts(document, stylesheet_url=stylesheet_url):
        out.write(part)


def html_parts(document: ReportDocument, *, stylesheet_url: str | None = None) -> Iterator[str]:
    """The document as HTML, one part per chunk of claims (a preview streams them as they come)."""
    single = len(document.articles) == 1 and document.summary.articles == 1
    context = {
        "doc": document,
        "single": single,
        "audit": document.audience == AUDIT,
        "stylesheet_url": stylesheet_url,
        "inline_css": mark_safe(report_css()),  # noqa: S308 - our own stylesheet file, not user input
        "chart": status_chart_svg(document.chart_totals) if document.chart_totals else "",
    }
    yield render_to_string("reviews/report/document_open.html", context)
    previous: int | None = None
    written = False
    for chunk in document.claims:
        items, previous = claim_items(chunk, document, previous)
        written = written or bool(items)
        yield render_to_string("reviews/report/_claims.html", {**context, "items": items})
    yield render_to_string("reviews/report/document_close.html", {**context, "claims_written": written})
