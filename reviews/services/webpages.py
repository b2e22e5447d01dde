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

The API and the editor's page never fetch in the request: ``page_fetch_request`` checks the address
up front (the same ``check_url``), records a ``PageFetch`` the editor can follow, and queues the task
``reviews.fetch_web_page`` on commit; ``page_fetch_run`` (the task's one call) fetches and ingests, retrying
transient failures (no answer, a timeout, a 5xx) with backoff. Whatever happens the row keeps the URL and
the last error; done, it names the article, and a duplicate names the article already stored. The
command line (``manage.py ingest --url``) still fetches in the call (``article_ingest_url``).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.dispatch import enqueue, requeue_stuck
from reviews.exceptions import (
    DomainError,
    DuplicateArticle,
    NotAWebPage,
    OutboundError,
    OutboundFailed,
    OutboundRefused,
    OutboundTimeout,
    PageFetchPending,
)
from reviews.extraction.webpage import WebPage, extract_page
from reviews.models import Article, ArticleOrigin, PageFetch, PageFetchState
from reviews.services.articles import IngestOptions, IngestResult, PageMetadata, article_ingest
from reviews.services.outbound import check_url, fetch

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from typing_extensions import Unpack

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TRANSIENT_STATUSES = (408, 425, 429)  # and every 5xx: the same URL may answer later
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
            raise OutboundFailed(
                f"{url}: the site answered HTTP {result.status}; nothing was ingested.",
                transient=result.status >= 500 or result.status in _TRANSIENT_STATUSES,
            )
        encoding = result.headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity"):
            # We ask for no compression and never decode any: a gzip "bomb" of a few KB could expand to
            # gigabytes, and trafilatura would decompress it on sight. The capped raw bytes are dropped unread.
            raise NotAWebPage(
                f"{url}: the site sent a compressed ({encoding[:40]}) answer though none was asked for; "
                "nothing was decompressed or ingested."
            )
        content_type = result.headers.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type and media_type not in _HTML_TYPES:
            raise NotAWebPage(f"{url}: the site sent {media_type}, not an HTML page.")
        match = _CHARSET.search(content_type)
        return FetchedPage(
            url=current, data=result.body, charset=match.group(1) if match else "", redirects=tuple(redirects)
        )


def _metadata(page: WebPage, origin: str, *, final_url: str = "") -> PageMetadata:
    return PageMetadata(
        origin=origin,
        final_url=final_url,
        byline=page.byline,
        published_on=page.published_on,
        canonical_url=page.canonical_url,
        site_name=page.site_name,
        declared_language=page.declared_language,
    )


def article_ingest_page(
    *,
    data: bytes,
    source_url: str = "",
    name: str = "page",
    charset: str = "",
    final_url: str = "",
    **options: Unpack[IngestOptions],
) -> IngestResult:
    """Ingest an HTML page: its main text as the article (``article_ingest``, with ``options``), its metadata with it.

    A saved page (upload, API) has no ``final_url``: its relative links resolve against ``source_url``.
    A page fetched from its URL (``article_ingest_url``, ``page_fetch_run``) gives the HTTP header's
    ``charset`` and ``final_url``, where it was read after redirects: its links resolve against that,
    and the article's origin is ``url``.

    Refuses (and stores nothing) a file that is not HTML (``NotAWebPage``), a page over
    ``WEBPAGE_MAX_BYTES``, a page without main text (``EmptyArticle``), and everything
    ``article_ingest`` refuses (a duplicate of the same main text, an English text without claims).
    """
    base_url = final_url or source_url
    page = extract_page(data, name=name, max_bytes=settings.WEBPAGE_MAX_BYTES, base_url=base_url, charset=charset)
    origin = ArticleOrigin.URL if final_url else ArticleOrigin.PAGE
    metadata = _metadata(page, origin, final_url=final_url)
    return article_ingest(raw_text=page.text, source_url=source_url, name=name, page=metadata, **options)


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
    return _ingest_fetched(url=url, fetched=fetched, user=user, title=title, desk=desk, defer_large=defer_large)


def _ingest_fetched(*, url: str, fetched: FetchedPage, **options: Unpack[IngestOptions]) -> IngestResult:
    return article_ingest_page(
        data=fetched.data, charset=fetched.charset, final_url=fetched.url, source_url=url[:1000], name=url, **options
    )


# --- URL fetches in the background (API and editor pages) ---------------------------------------

FETCH_TASK = "reviews.fetch_web_page"


@dataclass(frozen=True)
class FetchOutcome:
    fetch: PageFetch | None
    retry: bool  # a transient failure: the task tries again later


def page_fetch_request(*, url: str, user: User | None, title: str = "", desk: str = "") -> PageFetch:
    """Check ``url`` now and queue its fetch; the ``PageFetch`` to follow.

    A pending fetch of the same URL asked with the same title and desk (a double click, a retrying client,
    a colleague) is answered instead of a second one: it shows who asked. With another title or desk,
    ``PageFetchPending`` names that fetch and who asked for it: the page would make the same article,
    so a second fetch could only fail as a duplicate, and silently reusing the first would drop this
    editor's title and desk. Two first requests at the same moment are answered the same way: the
    database keeps one pending fetch per address (``page_fetch_one_pending_per_url``).

    The address goes through ``outbound.check_url`` before anything is recorded: a refused address
    (private, loopback without ``OUTBOUND_ALLOW_LOOPBACK``, plain HTTP, a malformed URL) raises
    ``OutboundRefused`` here, and a name that does not resolve in time ``OutboundTimeout``. The task
    checks every hop again when it fetches (the name may resolve elsewhere by then).
    """
    url = url.strip()
    try:
        check_url(url, timeout=settings.WEBPAGE_FETCH_TIMEOUT_SECONDS)
    except OutboundError as error:
        raise type(error)(f"{url}: {error.message}") from None
    title, desk = title.strip()[:500], desk.strip()[:100]
    requested_by = user if user is not None and user.is_authenticated else None
    try:
        return _record_or_follow(url=url, title=title, desk=desk, requested_by=requested_by)
    except IntegrityError:
        # A simultaneous first request for the same URL inserted its pending fetch between our look and our
        # insert; ``page_fetch_one_pending_per_url`` refused ours (nothing was queued). It is committed now:
        # this look finds it. Once only: a second refusal would not be that race.
        return _record_or_follow(url=url, title=title, desk=desk, requested_by=requested_by)


def _record_or_follow(*, url: str, title: str, desk: str, requested_by: User | None) -> PageFetch:
    """Record and queue a fetch of ``url``, or answer the one already pending (``_follow_pending``)."""
    with transaction.atomic():
        pending = _pending_fetch(page_url=url[:1000])
        if pending is not None:
            return _follow_pending(pending, url=url, title=title, desk=desk)
        row = PageFetch.objects.create(page_url=url[:1000], title=title, desk=desk, requested_by=requested_by)
        _enqueue_fetch(fetch_id=row.pk)
    return row


def _pending_fetch(*, page_url: str) -> PageFetch | None:
    """The fetch of ``page_url`` in flight, if any (at most one: ``page_fetch_one_pending_per_url``)."""
    return (
        PageFetch.objects.select_related("requested_by").filter(page_url=page_url, state=PageFetchState.PENDING).first()
    )


def _follow_pending(pending: PageFetch, *, url: str, title: str, desk: str) -> PageFetch:
    """The pending fetch asked the same way (a double click, a retrying client, a colleague): one fetch.
    Asked with another title or desk: ``PageFetchPending`` naming it."""
    if (pending.title, pending.desk) == (title, desk):
        return pending
    raise PageFetchPending(f"{url}: {_pending_description(pending)}", fetch_id=pending.pk)


def _pending_description(pending: PageFetch) -> str:
    who = pending.requested_by.username if pending.requested_by else "someone"
    options = f"title \u201c{pending.title or '(the page headline)'}\u201d, desk \u201c{pending.desk or '(none)'}\u201d"
    return (
        f"already being fetched (fetch #{pending.pk}, asked for by {who} at "
        f"{timezone.localtime(pending.requested_at):%H:%M} with {options}). The same page makes the same "
        "article: follow that fetch and change the article's title or desk once it is ingested."
    )


def _enqueue_fetch(*, fetch_id: int) -> None:
    def send() -> None:
        try:
            enqueue(FETCH_TASK, fetch_id)
        except Exception:  # the broker is down: the fetch stays pending and the sweeper sends it again
            logger.exception("could not queue the fetch of page #%s", fetch_id)

    transaction.on_commit(send)


def page_fetch_run(*, fetch_id: int, final_attempt: bool) -> FetchOutcome:
    """Fetch and ingest a pending ``PageFetch``; safe to run twice (a finished fetch is left alone).

    The article and the fetch's ``done`` are stored in one transaction (``on_stored``), so a worker killed
    in between leaves neither and the fetch runs again. A transient failure (``OutboundTimeout``, no
    answer, HTTP 5xx/408/429) is recorded on the row and, unless ``final_attempt``, answered with
    ``retry``; anything else (a refused address or redirect, too large, not HTML, no main text, no
    claims, a duplicate) fails the fetch at once with its code and message. The URL is never lost.
    """
    row = PageFetch.objects.select_related("requested_by").filter(pk=fetch_id).first()
    if row is None or not row.is_pending:
        return FetchOutcome(fetch=row, retry=False)
    row.attempts += 1
    PageFetch.objects.filter(pk=fetch_id, state=PageFetchState.PENDING).update(attempts=row.attempts)

    def done(article: Article) -> None:
        PageFetch.objects.filter(pk=fetch_id, state=PageFetchState.PENDING).update(
            state=PageFetchState.DONE, article=article, error="", error_code="", finished_at=timezone.now()
        )

    try:
        _ingest_fetched(
            url=row.page_url,
            fetched=page_fetch(url=row.page_url),
            user=row.requested_by,
            title=row.title,
            desk=row.desk,
            defer_large=False,  # already in a worker: the article is complete when the fetch is done
            on_stored=done,
        )
    except DomainError as error:
        transient = bool(getattr(error, "transient", False))
        retry = transient and not final_attempt
        changes: dict[str, object] = {"error": error.message, "error_code": error.code}
        if not retry:
            changes.update(state=PageFetchState.FAILED, finished_at=timezone.now())
            if isinstance(error, DuplicateArticle):
                changes["article_id"] = error.article_id
        PageFetch.objects.filter(pk=fetch_id, state=PageFetchState.PENDING).update(**changes)
        row.refresh_from_db()
        return FetchOutcome(fetch=row, retry=retry)
    row.refresh_from_db()
    return FetchOutcome(fetch=row, retry=False)


UNEXPECTED_FAILURE = (
    "The page could not be fetched because of an error on our side; nothing was ingested. "
    "Try again later, and tell an administrator if it keeps happening."
)


def page_fetch_failed(*, fetch_id: int, error: BaseException) -> None:
    """Give up on a pending fetch after an unexpected error (the task's last resort); the URL stays.

    Editors see the row's error (on the fetch's page and in the API), and the text of an unexpected
    exception can carry what they must not: a database host, a file path, a piece of SQL. It is logged
    here in full with the fetch id, for whoever runs the workers, and the row says ``UNEXPECTED_FAILURE``.
    The refusals editors can act on (a refused address, too large, not HTML, a timeout...) are
    ``DomainError`` s with messages of our own, stored as they are by ``page_fetch_run``.
    """
    logger.error("page fetch #%s failed with an unexpected error", fetch_id, exc_info=error)
    PageFetch.objects.filter(pk=fetch_id, state=PageFetchState.PENDING).update(
        state=PageFetchState.FAILED, error_code="fetch_failed", error=UNEXPECTED_FAILURE, finished_at=timezone.now()
    )


def page_fetch_retry_delay(*, retries: int) -> float:
    """Backoff between attempts at a transient failure: 10 s, 20 s, 40 s... at most 5 minutes."""
    return float(min(settings.WEBPAGE_FETCH_RETRY_BASE_SECONDS * 2**retries, 300))


def page_fetches_requeue_stuck(*, limit: int = 200) -> list[int]:
    """Send again the fetches still pending long after they were asked for (a message lost while the
    broker was down). Every attempt with its retries ends well within ``ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS``;
    a fetch sent twice is harmless (``page_fetch_run`` is idempotent)."""
    return requeue_stuck(
        PageFetch.objects.filter(state=PageFetchState.PENDING),
        since="requested_at",
        send=lambda fetch_id: _enqueue_fetch(fetch_id=fetch_id),
        what="page fetch(es)",
        limit=limit,
    )
