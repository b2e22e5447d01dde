"""Ingesting web pages: a saved page (upload, API, command line) or a page fetched from its URL.

The page's main text and metadata come from ``reviews.extraction.webpage`` (trafilatura); the main
text is then ingested like any article (``articles.article_ingest``: the same cleaning, extraction,
language triage, duplicate check on the text, versions by ``source_url``), and the metadata the page
states (byline, publication date, canonical link, site name, declared language) is stored with it.

A URL is fetched through ``reviews.services.outbound.fetch``, the product's only outbound client, with
the webhooks' address rules: public addresses only (loopback only behind ``OUTBOUND_ALLOW_LOOPBACK``),
HTTPS only (plain HTTP only to loopback under that setting), a size cap (``WEBPAGE_MAX_BYTES``) and
one deadline for the whole exchange (``WEBPAGE_FETCH_TIMEOUT_SECONDS``). Redirects are followed, at
most ``WEBPAGE_FETCH_MAX_REDIRECTS`` of them, and **each hop is a new ``fetch``**, so its destination
goes through every check again before anything is sent to it: a redirect to a refused address is
refused, and so is one from HTTPS to plain HTTP. Newsrooms paste links that redirect (``http`` to
``https``, a short link, a trailing slash), so refusing every redirect would refuse most real links;
following them unchecked would let any public page send us inside the network.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from reviews.exceptions import NotAWebPage, OutboundError, OutboundFailed, OutboundRefused, OutboundTimeout
from reviews.extraction.webpage import WebPage, extract_page
from reviews.models import ArticleOrigin
from reviews.services.articles import IngestResult, PageMetadata, article_ingest
from reviews.services.outbound import fetch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where the page was finally read (after redirects)
    data: bytes
    charset: str  # from the Content-Type header, "" when it names none
    redirects: tuple[str, ...]  # every URL redirected to, in order


def _user_agent() -> str:
    return f"NewsroomClaimReview/1.0 (+{settings.NEWSROOM_URL})"


def page_fetch(*, url: str) -> FetchedPage:
    """GET ``url`` under the outbound rules, following checked redirects; the page's bytes, or raise.

    Raises ``OutboundRefused`` (a refused address, too many redirects, a downgrade to HTTP),
    ``OutboundTimeout``, ``OutboundTooLarge``, ``OutboundFailed`` (no answer, an HTTP error) or
    ``NotAWebPage`` (the answer is not HTML). Messages start with the URL that was asked for.
    """
    limit = settings.WEBPAGE_FETCH_MAX_REDIRECTS
    deadline = time.monotonic() + settings.WEBPAGE_FETCH_TIMEOUT_SECONDS
    current = url
    redirects: list[str] = []
    headers = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", "User-Agent": _user_agent()}
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise OutboundTimeout(f"{url}: timed out")
        try:
            result = fetch(url=current, headers=headers, timeout=left, max_bytes=settings.WEBPAGE_MAX_BYTES)
        except OutboundError as error:
            hop = f" (redirected to {current})" if redirects else ""
            raise type(error)(f"{url}{hop}: {error.message}") from None
        if result.is_redirect:
            location = result.headers.get("location", "").strip()
            if not location:
                raise OutboundFailed(f"{url}: HTTP {result.status} without a Location to follow.")
            if len(redirects) >= limit:
                raise OutboundRefused(
                    f"{url}: refused: the page redirects more than {limit} time(s) "
                    f"(WEBPAGE_FETCH_MAX_REDIRECTS={limit})."
                    if limit
                    else f"{url}: refused: the page redirects (HTTP {result.status}) and redirects are not followed."
                )
            following = urljoin(current, location)
            if urlsplit(current).scheme == "https" and urlsplit(following).scheme != "https":
                raise OutboundRefused(f"{url}: refused: the page redirects from HTTPS to {following.split(':')[0]}.")
            redirects.append(following)
            current = following
            continue
        if not result.ok:
            raise OutboundFailed(f"{url}: the site answered HTTP {result.status}; nothing was ingested.")
        content_type = result.headers.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type and media_type not in _HTML_TYPES:
            raise NotAWebPage(f"{url}: the site sent {media_type}, not an HTML page.")
        match = _CHARSET.search(content_type)
        return FetchedPage(
            url=current, data=result.body, charset=match.group(1) if match else "", redirects=tuple(redirects)
        )


def _metadata(page: WebPage, origin: str) -> PageMetadata:
    return PageMetadata(
        origin=origin,
        byline=page.byline,
        published_on=page.published_on,
        canonical_url=page.canonical_url,
        site_name=page.site_name,
        declared_language=page.declared_language,
    )


def article_ingest_page(
    *,
    data: bytes,
    user: User | None = None,
    title: str = "",
    source_url: str = "",
    desk: str = "",
    name: str = "page",
    defer_large: bool = True,
) -> IngestResult:
    """Ingest a saved HTML page: its main text as the article, its metadata with it.

    Refuses (and stores nothing) a file that is not HTML (``NotAWebPage``), a page over
    ``WEBPAGE_MAX_BYTES``, a page without main text (``EmptyArticle``), and everything
    ``article_ingest`` refuses (a duplicate of the same main text, an English text without claims).
    """
    page = extract_page(data, name=name, max_bytes=settings.WEBPAGE_MAX_BYTES, base_url=source_url)
    return article_ingest(
        raw_text=page.text,
        user=user,
        title=title,
        source_url=source_url,
        desk=desk,
        name=name,
        defer_large=defer_large,
        page=_metadata(page, ArticleOrigin.PAGE),
    )


def article_ingest_url(
    *,
    url: str,
    user: User | None = None,
    title: str = "",
    desk: str = "",
    defer_large: bool = True,
) -> IngestResult:
    """Fetch the page at ``url`` (``page_fetch``) and ingest it; ``url`` becomes the article's source.

    The same URL fetched again with changed text is a new version of the article (``services/versions.py``).
    """
    url = url.strip()
    fetched = page_fetch(url=url)
    page = extract_page(
        fetched.data, name=url, max_bytes=settings.WEBPAGE_MAX_BYTES, base_url=fetched.url, charset=fetched.charset
    )
    return article_ingest(
        raw_text=page.text,
        user=user,
        title=title,
        source_url=url[:1000],
        desk=desk,
        name=url,
        defer_large=defer_large,
        page=_metadata(page, ArticleOrigin.URL),
    )
