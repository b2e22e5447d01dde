"""A saved web page -> its main text and metadata, with trafilatura. Pure: no Django, no network.

A news page is mostly not the article: templates, inline CSS and JavaScript, ld+json and
``__NEXT_DATA__`` blobs, menus, cookie banners, comments, and teasers for other stories *inside* the
``<article>`` element. trafilatura (maintained, benchmarked on exactly this task, pure Python on lxml)
finds the main text and reads the metadata (``<link rel=canonical>``, Open Graph, ld+json, bylines,
htmldate for the publication date). It is only given the page: it never fetches anything here.

On top of its own boilerplate rules, elements whose class, id or ``data-component`` name a teaser
(``promo``, ``teaser``, ``recirc``, ``read-more``, ``related``...) are pruned before extraction,
because a teaser is someone else's claims; if that pruning leaves no text, the page is extracted
again without it.

The result's ``text`` is the article as the rest of the pipeline expects it: the headline on the
first line, then one paragraph per block, separated by blank lines. The hash for duplicate detection
is taken on this text (``fingerprint.content_hash``), so the same article saved twice, or saved and
fetched, is the same article even when the page around it changed (ads, teasers, tracking JSON).

Refusals raise ``InvalidArticle`` subclasses with a message naming the file: not an HTML page
(``NotAWebPage``), too large, or no main text (``EmptyArticle``).
"""

from __future__ import annotations

import codecs
import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from reviews.exceptions import ArticleTooLarge, EmptyArticle, NotAWebPage
from reviews.extraction.language import declared_language

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

# Fewer words than this in the main text (headline excluded) is "no main text": an app shell rendered
# by JavaScript, a consent wall, an index page.
MIN_MAIN_TEXT_WORDS = 25

# A teaser, a promo or a pull-out of links: another story's claims, never this article's.
_TEASER_TOKENS = (
    "promo",
    "teaser",
    "recirc",
    "read-?more",
    "readmore",
    "also-?read",
    "more-?from",
    "related",
    "newsletter",
    "signup",
    "sign-up",
    "subscribe",
    "paywall",
    "ad-?slot",
    "advert",
    "outbrain",
    "taboola",
)
_TEASER_RE = "|".join(_TEASER_TOKENS)
TEASER_XPATH = (
    f".//*[self::div or self::section or self::aside or self::ul or self::ol or self::p or self::span]"
    f"[re:test(@class, '{_TEASER_RE}', 'i') or re:test(@id, '{_TEASER_RE}', 'i') or "
    f"re:test(@data-component, '{_TEASER_RE}', 'i')]"
)

_HTML_START = re.compile(
    rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|article|main)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|article|main)\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE | re.DOTALL
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class WebPage:
    """What a saved page gives an article: its text (headline first) and the page's own metadata."""

    text: str
    title: str
    byline: str
    published_on: date | None
    canonical_url: str
    declared_language: str
    site_name: str
    page_bytes: int


def looks_like_html(data: bytes) -> bool:
    """The start of ``data`` is an HTML document (after a BOM, whitespace, comments, an XML prolog)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(data[:65536])) >= 2


def _encoding(data: bytes, declared: str) -> str:
    """The page's encoding: a BOM, then the HTTP header's charset, then ``<meta charset>``, else UTF-8."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    candidates = [declared]
    match = _META_CHARSET.search(data[:8192])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for candidate in candidates:
        if not candidate:
            continue
        try:
            name = codecs.lookup(candidate.strip().lower()).name
        except LookupError:
            continue
        # A page that says latin-1 means windows-1252, as browsers read it (WHATWG Encoding).
        return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
    return "utf-8"


def decode_page(data: bytes, *, name: str, charset: str = "") -> str:
    """The page as text, in the encoding it declares (or the HTTP ``charset``); refuses non-HTML."""
    if not data.strip():
        raise EmptyArticle(f"{name}: the page is empty.")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if (b"\x00" in data[:8192] and not utf16) or not (utf16 or looks_like_html(data)):
        raise NotAWebPage(
            f"{name}: this is not an HTML page (no <html>, <head> or <body> at its start); "
            "upload a plain-text article as a text file instead."
        )
    encoding = _encoding(data, charset)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            return data.decode(encoding, errors="replace")
        # Undeclared and not UTF-8: read it as browsers do, as windows-1252.
        return data.decode("cp1252", errors="replace")


def _clean_url(url: str | None, *, base: str) -> str:
    if not url:
        return ""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c in url for c in " \t\r\n<>\"'"):
        return ""
    return url[:1000]


def _declared_canonical(tree: HtmlElement) -> str:
    """``<link rel=canonical>`` or ``og:url`` as written (trafilatura keeps only absolute ones)."""
    for found in (
        tree.xpath("//head/link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href"),
        tree.xpath("//head/meta[@property='og:url']/@content"),
    ):
        if found:
            return str(found[0])
    return ""


def _date(value: str | None) -> date | None:
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _one_line(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _paragraphs(text: str) -> list[str]:
    return [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]


def _extract(tree: HtmlElement) -> Document | None:
    import trafilatura  # imported on first use: lxml, htmldate and dateparser take a moment to load

    document = trafilatura.bare_extraction(
        tree,
        url=None,  # the canonical URL must come from the page, not from where we found it
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,  # a teaser kept costs reviewers time; a paragraph missed shows on the page
        date_extraction_params={"extensive_search": False, "original_date": True},
        deduplicate=False,  # no cache shared between pages
    )
    return document if document is None or not isinstance(document, dict) else None


def extract_page(data: bytes, *, name: str = "page", max_bytes: int, base_url: str = "", charset: str = "") -> WebPage:
    """Main text and metadata of a saved page, or raise a clear ``InvalidArticle`` naming ``name``.

    ``base_url`` (where the page was fetched from) resolves a relative canonical link; it is never
    taken as the canonical URL itself. ``charset`` is the HTTP header's, when the page was fetched.
    """
    from lxml.etree import XPath
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.utils import load_html

    if len(data) > max_bytes:
        raise ArticleTooLarge(f"{name}: {len(data):,} bytes is over the page limit of {max_bytes:,} bytes.")
    html = decode_page(data, name=name, charset=charset)
    tree = load_html(html)
    if tree is None:
        raise NotAWebPage(f"{name}: the page could not be read as HTML.")
    teasers = XPath(TEASER_XPATH, namespaces={"re": "http://exslt.org/regular-expressions"})
    document = _extract(prune_unwanted_nodes(copy.deepcopy(tree), [teasers]))
    if document is None or len(_WORD.findall(document.text or "")) < MIN_MAIN_TEXT_WORDS:
        document = _extract(tree) or document  # the pruning took the article itself: judge the page whole
    body = _paragraphs(document.text or "") if document is not None else []
    title = _one_line(document.title, 500) if document is not None else ""
    if body and title and body[0] == title:
        body = body[1:]
    words = sum(len(_WORD.findall(paragraph)) for paragraph in body)
    if words < MIN_MAIN_TEXT_WORDS:
        raise EmptyArticle(
            f"{name}: no main text found in the page ({words} words outside menus, scripts and teasers). "
            "If the site draws its articles with JavaScript, save the page once it has loaded, or paste the text."
        )
    assert document is not None
    text = "\n\n".join([title, *body] if title else body) + "\n"
    return WebPage(
        text=text,
        title=title,
        byline=_one_line(document.author, 500),
        published_on=_date(document.date),
        canonical_url=_clean_url(document.url or _declared_canonical(tree), base=base_url),
        declared_language=declared_language(html),
        site_name=_one_line(document.sitename, 200),
        page_bytes=len(data),
    )
