"""The PDF of a large report, drawn with ReportLab chunk by chunk and merged with pypdf.

WeasyPrint renders the HTML template itself (``document.write_pdf``) but spends ~20 ms per claim in
pure-Python HTML parsing and inline layout: a 10,000-claim batch would take minutes. Above
``REPORT_PDF_WEASYPRINT_MAX_CLAIMS`` claims the report is drawn with ReportLab instead, with the same
sections in the same order (summary, status chart, disagreements, claims in context with reviews).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reviews.exports.chart import STATUS_COLOURS
from reviews.exports.document import merge_pdf_parts
from reviews.models import ClaimStatus

Records = list[dict[str, object]]
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_fonts_ready = False


def _register_fonts() -> tuple[str, str]:
    global _fonts_ready
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if not _fonts_ready:
        pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
        for italic in (0, 1):
            addMapping("DejaVu", 0, italic, "DejaVu")
            addMapping("DejaVu", 1, italic, "DejaVu-Bold")
        _fonts_ready = True
    return "DejaVu", "DejaVu-Bold"


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _styles() -> dict[str, object]:
    from reportlab.lib.styles import ParagraphStyle

    font, bold = _register_fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=11.5)
    return {
        "font": font,
        "bold": bold,
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=20, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=body, fontName=bold, fontSize=10, leading=13, spaceBefore=8, spaceAfter=2),
        "body": body,
        "claim": ParagraphStyle("claim", parent=body, spaceAfter=5),
        "muted": ParagraphStyle("muted", parent=body, textColor="#666666"),
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor="#444444", leftIndent=16),
    }


def _chart(totals: dict[str, int]) -> object:
    from reportlab.graphics.shapes import Drawing, Rect, String

    font, _ = _register_fonts()
    total = sum(totals.values()) or 1
    statuses = [status for status in STATUS_COLOURS if totals.get(status)]
    width, bar = 480.0, 18.0
    drawing = Drawing(width, bar + 8 + 14 * len(statuses))
    top = drawing.height - bar
    x = 0.0
    for index, status in enumerate(statuses):
        share = width * totals[status] / total
        drawing.add(Rect(x, top, share, bar, fillColor=STATUS_COLOURS[status], strokeColor=None))
        x += share
        y = top - 14 * (index + 1)
        drawing.add(Rect(0, y, 9, 9, fillColor=STATUS_COLOURS[status], strokeColor=None))
        label = f"{ClaimStatus(status).label}: {totals[status]} ({100 * totals[status] / total:.1f}%)"
        drawing.add(String(14, y + 1, label, fontName=font, fontSize=8))
    return drawing


def _summary_story(context: dict[str, object], styles: dict[str, object]) -> list[object]:
    from reportlab.platypus import Paragraph, Table, TableStyle

    summary = context["summary"]
    story: list[object] = [
        Paragraph(_e(context["title"]), styles["title"]),
        Paragraph(
            f"{_e(context['newsroom_name'])} · {_e(context['scope_description'])} · generated "
            f"{context['generated_at']:%Y-%m-%d %H:%M %Z}",  # type: ignore[str-format]
            styles["muted"],
        ),
        Paragraph("Summary", styles["h2"]),
    ]
    facts = [
        ("Articles", context["article_count"]),
        ("Claims", summary.total),  # type: ignore[attr-defined]
        ("Reviewed", f"{summary.reviewed} ({context['share_reviewed_percent']})"),  # type: ignore[attr-defined]
        ("Final verdicts", summary.finalised),  # type: ignore[attr-defined]
        ("Disputed now", summary.disputed),  # type: ignore[attr-defined]
        ("Disagreements adjudicated", summary.adjudicated),  # type: ignore[attr-defined]
    ]
    facts += [(label, count) for _status, label, count in context["status_rows"]]  # type: ignore[attr-defined]
    table = Table([[Paragraph(_e(k), styles["body"]), Paragraph(_e(v), styles["body"])] for k, v in facts])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]))
    table.hAlign = "LEFT"
    story += [table, Paragraph("Claims by status", styles["h3"]), _chart(summary.totals)]  # type: ignore[attr-defined]
    return story


def _claim_story(record: dict[str, object], styles: dict[str, object]) -> object:
    """One Paragraph per claim (ReportLab's cost is per flowable): the claim in context, then one small
    line per review, adjudication event and precedent."""
    from reportlab.platypus import Paragraph

    status = str(record["status"])
    colour = STATUS_COLOURS.get(status, "#333333")  # type: ignore[call-overload]
    context = record.get("context") or {}
    before = f'<font color="#555555" size="7.5">{_e(context.get("before"))}</font> ' if context else ""  # type: ignore[union-attr]
    after = f' <font color="#555555" size="7.5">{_e(context.get("after"))}</font>' if context else ""  # type: ignore[union-attr]
    text = (
        f"<b>{int(record['position']) + 1}.</b> {before}<b>{_e(record['text'])}</b>{after} "  # type: ignore[call-overload]
        f'<font color="{colour}"><b>{_e(record["status_label"])}</b></font>'
    )
    lines = [f"claim #{record['claim_id']} · suggested {_e(record['suggested_status'])}"]
    for review in record["reviews"]:  # type: ignore[attr-defined]
        line = f"<b>{_e(review['reviewer'])}</b>: {_e(review['verdict_label'])} {_e(review['reviewed_at'][:16])}"
        if review["note"]:
            line += f" — {_e(review['note'])}"
        for link in review["evidence"]:
            line += f" · {_e(link['title'] or 'Evidence')}: {_e(link['url'])}"
        lines.append(line)
    for event in record["adjudication"]:  # type: ignore[attr-defined]
        lines.append(
            f"Adjudication {_e(event['at'][:16])} {_e(event['actor'] or 'system')}: "
            f"{_e(event['before'] or '–')} → {_e(event['after'] or '–')} {_e(event['reason'])}"
        )
    for precedent in record["precedents"]:  # type: ignore[attr-defined]
        lines.append(f"Precedent: claim #{_e(precedent.get('claim_id'))}")
    small = "".join(f'<br/><font size="7.5" color="#444444">{line}</font>' for line in lines)
    return Paragraph(text + small, styles["claim"])


def _build(path: Path, story: list[object], context: dict[str, object], first_page: int) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    font, _ = _register_fonts()
    header = f"{context['newsroom_name']} · {context['title']}"

    def decorate(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(font, 7.5)  # type: ignore[attr-defined]
        canvas.setFillColor("#666666")  # type: ignore[attr-defined]
        canvas.drawString(14 * mm, A4[1] - 10 * mm, header)  # type: ignore[attr-defined]
        page = first_page + doc.page - 1  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"Page {page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=str(context["title"]),
        author=str(context["newsroom_name"]),
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)


def write_pdf_reportlab(
    path: Path, context: dict[str, object], disagreements: Iterable[Records], claims: Iterable[Records]
) -> int:
    """Summary and disagreements as one part, each claims chunk as another; merged with pypdf."""
    from reportlab.platypus import Paragraph

    styles = _styles()
    part_paths: list[Path] = []
    pages = 0

    def emit(story: list[object]) -> None:
        nonlocal pages
        part_path = path.with_name(f"{path.name}.part{len(part_paths):04d}")
        part_paths.append(part_path)
        pages += _build(part_path, story, context, pages + 1)

    try:
        story = _summary_story(context, styles)
        first = True
        for records in disagreements:
            if first:
                story.append(Paragraph("Disagreements and adjudication", styles["h2"]))
                first = False
            story += [_claim_story(record, styles) for record in records]
        emit(story)
        previous: object = None
        for index, records in enumerate(claims):
            story = [Paragraph("Claims" + (" (continued)" if index else ""), styles["h2"])]
            for record in records:
                if record["article_id"] != previous:
                    previous = record["article_id"]
                    story.append(
                        Paragraph(f"{_e(record['article_title'])} (article #{record['article_id']})", styles["h3"])
                    )
                story.append(_claim_story(record, styles))
            emit(story)
        merge_pdf_parts(part_paths, path, title=str(context["title"]))
    finally:
        for part_path in part_paths:
            part_path.unlink(missing_ok=True)
    return pages
