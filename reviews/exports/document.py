"""The readable report (HTML, and PDF from the same templates), rendered chunk by chunk.

The templates live in ``templates/reviews/report/``: a document opens with the style and the summary
(totals, share reviewed, the status chart), then sections (disagreements, claims) whose table rows are
rendered one chunk of records at a time, so a 10,000-claim report never renders as one string.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from django.template.loader import render_to_string

Records = list[dict[str, object]]


def css_string(text: str) -> str:
    """Text that is safe inside a double-quoted CSS string in a <style> element."""
    return "".join(ch for ch in text if ch not in '"\\<>\n\r')


def _mark_article_starts(records: Records, previous_article: object) -> object:
    for record in records:
        record["first_of_article"] = record["article_id"] != previous_article
        previous_article = record["article_id"]
    return previous_article


def write_html(
    out: TextIO, context: dict[str, object], disagreements: Iterable[Records], claims: Iterable[Records]
) -> None:
    """Stream one HTML document: summary, disagreements, then the claims chunk by chunk."""
    out.write(render_to_string("reviews/report/document_open.html", {**context, "with_summary": True}))
    _write_section(out, context, "disagreements", disagreements)
    _write_section(out, context, "claims", claims)
    out.write(render_to_string("reviews/report/document_close.html", context))


def _write_section(out: TextIO, context: dict[str, object], section: str, chunks: Iterable[Records]) -> None:
    opened = False
    previous: object = None
    template = f"reviews/report/_{section}.html"
    for records in chunks:
        if not opened:
            out.write(render_to_string("reviews/report/section_open.html", {**context, "section": section}))
            opened = True
        previous = _mark_article_starts(records, previous)
        out.write(render_to_string(template, {**context, "records": records}))
    if opened:
        out.write(render_to_string("reviews/report/section_close.html", context))


def _pdf_parts(
    context: dict[str, object], disagreements: Iterable[Records], claims: Iterable[Records]
) -> Iterator[tuple[str, str]]:
    """(kind, html) of each part of the PDF: the summary with the disagreements, then each claims chunk."""
    head = io.StringIO()
    head.write(render_to_string("reviews/report/document_open.html", {**context, "with_summary": True}))
    _write_section(head, context, "disagreements", disagreements)
    yield "summary", head.getvalue()
    head.close()
    previous: object = None
    for index, records in enumerate(claims):
        part = io.StringIO()
        part.write(render_to_string("reviews/report/document_open.html", {**context, "with_summary": False}))
        part.write(
            render_to_string("reviews/report/section_open.html", {**context, "section": "claims", "continued": index})
        )
        previous = _mark_article_starts(records, previous)
        part.write(render_to_string("reviews/report/_claims.html", {**context, "records": records}))
        part.write(render_to_string("reviews/report/section_close.html", context))
        part.write(render_to_string("reviews/report/document_close.html", context))
        yield "claims", part.getvalue()


def merge_pdf_parts(part_paths: list[Path], path: Path, *, title: str) -> None:
    """Concatenate the rendered parts into ``path`` (the caller removes the parts)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part_path in part_paths:
        writer.append(str(part_path))
    writer.add_metadata({"/Title": title, "/Creator": "newsroom reports"})
    with path.open("wb") as handle:
        writer.write(handle)
    writer.close()


def write_pdf(
    path: Path, context: dict[str, object], disagreements: Iterable[Records], claims: Iterable[Records]
) -> int:
    """Render each part with WeasyPrint to its own PDF beside ``path``, then merge them with pypdf.

    Page numbers run on across parts (each part starts counting where the last one stopped). Returns
    the number of pages.
    """
    import weasyprint

    part_paths: list[Path] = []
    pages = 0
    try:
        for index, (_kind, html) in enumerate(_pdf_parts({**context, "first_page": 0}, disagreements, claims)):
            # Re-render the page counter start for this part: the style sits in the part's <head>.
            if pages:
                html = html.replace("<style>", f"<style>@page :first {{ counter-reset: page {pages + 1}; }}", 1)
            document = weasyprint.HTML(string=html).render()
            part_path = path.with_name(f"{path.name}.part{index:04d}")
            document.write_pdf(part_path)
            part_paths.append(part_path)
            pages += len(document.pages)
            del document
        merge_pdf_parts(part_paths, path, title=str(context.get("title", "Review report")))
    finally:
        for part_path in part_paths:
            part_path.unlink(missing_ok=True)
    return pages
