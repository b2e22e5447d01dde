"""PDF: the report document drawn with ReportLab, one look at any size.

One engine for every report (WeasyPrint took ~20 ms a claim, so large reports used to switch engine
and look different past 100 claims). The story is fed to ReportLab lazily, a chunk of claims at a time,
so a 10,000-claim report is one document with running page numbers without ever holding every claim
in memory. Each claim is one paragraph (ReportLab's cost is per flowable) beside a bar in its status
colour; the audit report adds one small paragraph per claim with verdicts, decisions and the trail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus.flowables import Flowable

from reviews.exports.chart import STATUS_COLOURS
from reviews.exports.html import status_css_class
from reviews.selectors.report_document import ArticleEntry, ClaimEntry, EvidenceItem, ReportDocument

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
INK, MUTED, RULE = "#1f2328", "#57606a", "#c8ccd1"
CLASS_COLOURS = {
    "is-supported": "#2e7d32",
    "is-speculative": "#8f5500",
    "is-needs-source": "#b71c1c",
    "is-disputed": "#6a1b9a",
}
_fonts: tuple[str, str] | None = None


def _register_fonts() -> tuple[str, str]:
    global _fonts
    if _fonts is not None:
        return _fonts
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        _fonts = ("Helvetica", "Helvetica-Bold")
        return _fonts
    pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
    for italic in (0, 1):
        addMapping("DejaVu", 0, italic, "DejaVu")
        addMapping("DejaVu", 1, italic, "DejaVu-Bold")
    _fonts = ("DejaVu", "DejaVu-Bold")
    return _fonts


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    font, bold = _register_fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13, textColor=INK)
    return {
        "newsroom": ParagraphStyle("newsroom", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=19, leading=23, spaceBefore=4, spaceAfter=6
        ),
        "meta": ParagraphStyle("meta", parent=body, textColor=MUTED, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=13, leading=16, spaceBefore=16, spaceAfter=6),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=bold, fontSize=11, leading=14, spaceBefore=12, spaceAfter=2, keepWithNext=1
        ),
        "body": body,
        "key": ParagraphStyle("key", parent=body, textColor=MUTED),
        "muted": ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED, keepWithNext=1),
        "claim": ParagraphStyle("claim", parent=body),
        "listed": ParagraphStyle("listed", parent=body, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=5),
        "audit": ParagraphStyle("audit", parent=body, fontSize=7.5, leading=9.5, textColor="#3d444d", spaceBefore=2),
    }


class Barred(Flowable):  # type: ignore[misc]  # reportlab ships no type information: Flowable is Any
    """Paragraphs with a bar in the claim's status colour down their left side; splits across pages."""

    def __init__(self, paragraphs: list[Any], colour: str) -> None:
        super().__init__()
        self.paragraphs = paragraphs
        self.colour = colour
        self.gap = 9
        self.spaceBefore = 7
        self.spaceAfter = 3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.sizes = [p.wrap(avail_width - self.gap, avail_height) for p in self.paragraphs]
        self.width = avail_width
        self.height = sum(h for _w, h in self.sizes) + 2 * (len(self.paragraphs) - 1)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        used = 0.0
        for index, (paragraph, (_w, height)) in enumerate(zip(self.paragraphs, self.sizes, strict=True)):
            if used + height > avail_height:
                parts = paragraph.split(avail_width - self.gap, avail_height - used)
                head = self.paragraphs[:index] + parts[:1]
                if not head:
                    return []
                tail = parts[1:] + self.paragraphs[index + 1 :] if parts else self.paragraphs[index:]
                return [Barred(head, self.colour), Barred(tail, self.colour)]
            used += height + 2
        return [self]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(0, 0, 3, self.height, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height
        for paragraph, (_w, height) in zip(self.paragraphs, self.sizes, strict=True):
            y -= height
            paragraph.drawOn(canvas, self.gap, y)
            y -= 2


def _source(source: str) -> str:
    return f'<link href="{_e(source)}" color="#0b57a4">{_e(source)}</link>' if source.startswith("http") else _e(source)


def _facts(rows: list[tuple[str, str]], styles: dict[str, Any], key_width: float = 34) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    table = Table(
        [[Paragraph(_e(key), styles["key"]), Paragraph(value, styles["body"])] for key, value in rows],
        colWidths=[key_width * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _chart(totals: dict[str, int]) -> Any:
    from reportlab.graphics.shapes import Drawing, Rect, String

    from reviews.selectors.report_document import status_words

    font, _ = _register_fonts()
    total = sum(totals.values()) or 1
    width, bar = 460.0, 14.0
    drawing = Drawing(width, bar + 6 + 13 * len(totals))
    top = drawing.height - bar
    x = 0.0
    for index, (status, count) in enumerate(totals.items()):
        colour = STATUS_COLOURS.get(status, "#8c959f")  # type: ignore[call-overload]  # reportlab colours are untyped; the status keys are str
        share = width * count / total
        drawing.add(Rect(x, top, share, bar, fillColor=colour, strokeColor=None))
        x += share
        y = top - 13 * (index + 1)
        drawing.add(Rect(0, y, 8, 8, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                13, y + 0.5, f"{status_words(status)}: {count} ({100 * count / total:.1f}%)", fontName=font, fontSize=8
            )
        )
    return drawing


def _article_facts(article: ArticleEntry) -> list[tuple[str, str]]:
    clearance = _e(article.clearance)
    if "override" in article.clearance:
        clearance = f'<font color="#8a4600"><b>{clearance}</b></font>'
    page = [("As the page states it", _e(article.page))] if article.page else []
    return [
        ("Headline", _e(article.headline)),
        ("Source", _source(article.source)),
        *page,
        ("Desk", _e(article.desk)),
        ("Version", _e(article.version)),
        ("Ingested on", _e(article.ingested_on)),
        ("Readiness", _e(article.readiness)),
        ("Clearance", clearance),
        ("Article ID", _e(article.article_id)),
    ]


def _article_line(article: ArticleEntry) -> str:
    return (
        f"Article ID {article.article_id} · {_e(article.desk)} · {_e(article.version)} · ingested "
        f"{_e(article.ingested_on)} · {_source(article.source)}<br/>{_e(article.readiness)} · {_e(article.clearance)}"
        + (f"<br/>{_e(article.page)}" if article.page else "")
    )


def _front(document: ReportDocument, styles: dict[str, Any], single: bool) -> list[Any]:
    from reportlab.platypus import HRFlowable, Paragraph

    cover, summary = document.cover, document.summary
    story: list[Any] = [
        Paragraph(_e(cover.newsroom.upper()), styles["newsroom"]),
        Paragraph(_e(cover.title), styles["title"]),
        Paragraph(f"{_e(cover.audience)} · {_e(cover.scope)} · Generated {_e(cover.generated_on)}", styles["meta"]),
    ]
    if single:
        story.append(_facts(_article_facts(document.articles[0]), styles))
    story += [HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=8), Paragraph("Summary", styles["h2"])]
    facts = [
        ("Claims", _e(summary.claims)),
        ("Unresolved", _e(summary.unresolved)),
        ("Articles", _e(summary.articles)),
        ("Reviews", f"from {_e(summary.reviews_from)} to {_e(summary.reviews_to)}"),
    ]
    facts += [(row.status, _e(row.claims)) for row in summary.by_status]
    story.append(_facts(facts, styles, key_width=60))
    if document.chart_totals:
        story += [Paragraph("", styles["body"]), _chart(document.chart_totals)]
    if not single and document.articles:
        story.append(Paragraph("Articles", styles["h2"]))
        for article in document.articles:
            story.append(Paragraph(f"<b>{_e(article.headline)}</b>", styles["body"]))
            story.append(Paragraph(_article_line(article), styles["listed"]))
        if document.more_articles:
            story.append(
                Paragraph(
                    f"… and {document.more_articles} more articles, each named above its claims.", styles["muted"]
                )
            )
    story.append(Paragraph("Claims in article order", styles["h2"]))
    return story


def _links(links: tuple[EvidenceItem, ...]) -> str:
    return " · ".join(
        f'<link href="{_e(x.url)}" color="#0b57a4">{_e(x.title)}</link>'
        + (f' <font color="{MUTED}">{_e(x.url)}</font>' if x.title != x.url else "")
        for x in links
    )


def _claim(claim: ClaimEntry, styles: dict[str, Any], audit: bool) -> Any:
    from reportlab.platypus import Paragraph

    css = status_css_class(claim.status)
    colour = CLASS_COLOURS.get(css, "#8c959f")
    lines = [f'<font size="7.5" color="{MUTED}">Claim {claim.number} · Claim ID {claim.claim_id}</font>']
    text = f"<b>{_e(claim.text)}</b>"
    if claim.context_before:
        text = f'<font color="{MUTED}" size="8.5">{_e(claim.context_before)}</font> ' + text
    if claim.context_after:
        text += f' <font color="{MUTED}" size="8.5">{_e(claim.context_after)}</font>'
    lines.append(text)
    status = f'<font color="{colour}"><b>{_e(claim.status)}</b></font>'
    if claim.decided_on:
        status += f' <font color="{MUTED}" size="8.5">· decided {_e(claim.decided_on)}</font>'
    lines.append(status)
    for name, value in (
        ("Reason", _e(claim.reason)),
        ("Evidence", _links(claim.evidence)),
        ("Missing source", _e(claim.missing_source)),
        ("Re-review", _e(claim.rereview)),
    ):
        if value:
            lines.append(f'<font color="{MUTED}">{name}:</font> {value}')
    paragraphs = [Paragraph("<br/>".join(lines), styles["claim"])]
    if audit:
        rows: list[str] = ["<b>Verdicts</b>"]
        for v in claim.verdicts:
            line = f"{_e(v.reviewer)}: <b>{_e(v.verdict)}</b> · {_e(v.review_round)} · {_e(v.given_on)}"
            if v.note:
                line += f" · {_e(v.note)}"
            if v.missing_source:
                line += f" · Missing source: {_e(v.missing_source)}"
            if v.evidence:
                line += f" · {_links(v.evidence)}"
            rows.append(line)
        if not claim.verdicts:
            rows.append("No verdict yet.")
        for heading, events in (("Adjudication and overrides", claim.adjudication), ("Audit trail", claim.trail)):
            if events:
                rows.append(f"<b>{heading}</b>")
                rows += [
                    f"{_e(e.on)} · {_e(e.by)} · {_e(e.what)}"
                    + (f": {_e(e.change)}" if e.change else "")
                    + (f" · {_e(e.reason)}" if e.reason else "")
                    for e in events
                ]
        if claim.precedents:
            rows.append("<b>Precedents</b>")
            rows += [
                f'<link href="{_e(p.link)}" color="#0b57a4">Claim ID {_e(p.claim_id)}</link> · {_e(p.status)} · '
                f"{_e(p.text)} · {_e(p.article)} · similarity {_e(p.similarity)} · {_e(p.link)}"
                for p in claim.precedents
            ]
        if claim.corrections:
            rows.append("<b>Corrections</b>")
            rows += [
                f"{_e(c.on)} · {_e(c.by)} · {_e(c.what)}"
                + (f" · Before: {_e(c.before)}" if c.before else "")
                + (f" · After: {_e(c.after)}" if c.after else "")
                + (f" · {_e(c.reason)}" if c.reason else "")
                for c in claim.corrections
            ]
        paragraphs.append(Paragraph("<br/>".join(rows), styles["audit"]))
    return Barred(paragraphs, colour)


class LazyStory(list):  # type: ignore[type-arg]  # a list of reportlab flowables, which are untyped
    """A story list that refills itself from a generator as ReportLab consumes it (``while len(story)``)."""

    def __init__(self, head: list[Any], source: Iterator[list[Any]]) -> None:
        super().__init__(head)
        self.source = source

    def __len__(self) -> int:
        while super().__len__() < 2:
            more = next(self.source, None)
            if more is None:
                break
            self.extend(more)
        return super().__len__()


def _claim_flowables(document: ReportDocument, styles: dict[str, Any], single: bool) -> Iterator[list[Any]]:
    from reportlab.platypus import Paragraph

    previous: int | None = None
    written = False
    for chunk in document.claims:
        articles = document.articles_of(chunk)
        flowables: list[Any] = []
        for claim in chunk:
            if claim.article_id != previous:
                previous = claim.article_id
                article = articles.get(claim.article_id)
                if article is not None and not single:
                    flowables.append(Paragraph(_e(article.headline), styles["h3"]))
                    flowables.append(Paragraph(_article_line(article), styles["muted"]))
            flowables.append(_claim(claim, styles, document.is_audit))
            written = True
        yield flowables
    if not written:
        yield [Paragraph("No claims.", styles["muted"])]


def write_pdf(path: Path, document: ReportDocument) -> int:
    """Draw ``document`` into ``path``; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    font, _bold = _register_fonts()
    styles = _styles()
    single = len(document.articles) == 1 and document.summary.articles == 1
    title = document.cover.title
    header = title if len(title) <= 70 else title[: title.rfind(" ", 0, 68)] + " …"

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(18 * mm, A4[1] - 11 * mm, document.cover.newsroom)
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 11 * mm, header)
        canvas.drawString(18 * mm, 10 * mm, document.cover.audience)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title=title,
        author=document.cover.newsroom,
        subject=document.cover.audience,
        creator="newsroom reports",
    )
    story = LazyStory(_front(document, styles, single), _claim_flowables(document, styles, single))
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)
