"""Ingesting articles: validate, extract claims, store, queue every claim for review.

An article of ``ARTICLE_ASYNC_MIN_BYTES`` or more is validated and checked for duplicates at once,
stored in the ``extracting`` state, and extracted by a Celery task (``article_extract_queued``);
a smaller one is extracted in the request. Either way the whole text is extracted (no cap).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import IntegrityError, transaction

from reviews.dispatch import enqueue, requeue_stuck
from reviews.exceptions import DuplicateArticle, InvalidInput, NoClaimsFound
from reviews.extraction.cleaning import clean_line, decode_entities, strip_markup
from reviews.extraction.fingerprint import content_hash  # normalised text: reviews/extraction/fingerprint.py
from reviews.extraction.input import check_article_text, decode_article_bytes
from reviews.extraction.language import ENGLISH
from reviews.extraction.pipeline import extract_article
from reviews.models import Article, ArticleState, AuditAction, Claim, Desk, WebhookEvent
from reviews.services.audit import audit_record
from reviews.services.learning import ModelsInUse, model_versions_record, models_in_use
from reviews.services.matching import claim_matches_enqueue
from reviews.services.versions import article_correction_apply, article_latest_version
from reviews.services.webhooks import webhook_emit

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import User

    from reviews.extraction.types import Extraction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageMetadata:
    """What a web page says about itself (``reviews.extraction.webpage``), stored on its article."""

    origin: str  # ArticleOrigin.PAGE or ArticleOrigin.URL
    byline: str = ""
    published_on: date | None = None
    canonical_url: str = ""
    site_name: str = ""
    declared_language: str = ""
    final_url: str = ""  # where a fetched page was read after redirects (we saw it; the page did not state it)

    def fields(self) -> dict[str, object]:
        return {
            "origin": self.origin,
            "byline": self.byline[:500],
            "published_on": self.published_on,
            "canonical_url": self.canonical_url[:1000],
            "final_url": self.final_url[:1000],
            "site_name": self.site_name[:200],
        }


class IngestOptions(TypedDict, total=False):
    """``article_ingest``'s keywords that do not depend on where the text came from: what a caller that
    extracts the text first (a saved or fetched web page, ``services/webpages.py``) passes through."""

    user: User | None
    title: str
    desk: str
    defer_large: bool
    on_stored: Callable[[Article], None] | None


@dataclass(frozen=True)
class IngestResult:
    article: Article
    claim_count: int
    queued: bool = False  # stored in ``extracting``; a Celery task extracts its claims


def article_text_from_upload(*, data: bytes, name: str) -> str:
    """Decode an uploaded file or raise a clear ``InvalidArticle`` naming it."""
    return decode_article_bytes(data, max_bytes=settings.ARTICLE_MAX_BYTES, name=name)


def _no_claims_message(name: str) -> str:
    return f"{name}: no check-worthy claims found; nothing was ingested."


def _raise_duplicate(*, name: str, digest: str) -> None:
    existing = Article.objects.filter(content_hash=digest).values_list("pk", "state").first()
    if existing is None:
        return
    pk, state = existing
    if state == ArticleState.REFUSED:
        raise DuplicateArticle(f"{name}: already submitted as article #{pk}, which was refused.", article_id=pk)
    if state in (ArticleState.EXTRACTING, ArticleState.FAILED):
        # The same text again is the way to retry: queue the extraction once more (the task is idempotent).
        if state == ArticleState.FAILED:
            Article.objects.filter(pk=pk, state=ArticleState.FAILED).update(state=ArticleState.EXTRACTING, refusal="")
        _enqueue_extraction(article_id=pk)
        raise DuplicateArticle(
            f"{name}: already ingested as article #{pk}; its claims are being extracted.", article_id=pk
        )
    raise DuplicateArticle(f"{name}: already ingested as article #{pk}.", article_id=pk)


def article_ingest(
    *,
    raw_text: str,
    user: User | None = None,
    title: str = "",
    source_url: str = "",
    desk: str = "",
    name: str = "article",
    defer_large: bool = True,
    page: PageMetadata | None = None,
    on_stored: Callable[[Article], None] | None = None,
) -> IngestResult:
    """Ingest one article in one transaction, or raise and leave the database as it was.

    Idempotent by content hash: the same raw text twice raises ``DuplicateArticle`` naming
    the article already stored. Changed text from the ``source_url`` of an article already
    stored is a correction: a new version linked to the old one (see ``services/versions.py``).
    An English article without a claim is refused (``NoClaimsFound``); an article in another
    language, or whose language cannot be determined, is stored in triage for an editor
    (``services/triage.py``): automatic extraction is English-only.

    From ``ARTICLE_ASYNC_MIN_BYTES`` up, the article is stored in ``extracting`` and a Celery task
    extracts it after commit (``IngestResult.queued``); a refusal is then recorded on the article.
    ``defer_large=False`` (the command line, which can wait) extracts every article in the call.
    ``page`` is the metadata of a web page whose main text ``raw_text`` is (``services/webpages.py``).
    ``on_stored(article)`` runs inside the transaction that stores the article, so what it records
    (a URL fetch marked done) commits with the article or not at all.
    """
    check_article_text(raw_text, max_bytes=settings.ARTICLE_MAX_BYTES, name=name)
    digest = content_hash(raw_text)
    _raise_duplicate(name=name, digest=digest)
    if defer_large and len(raw_text.encode("utf-8", errors="surrogatepass")) >= settings.ARTICLE_ASYNC_MIN_BYTES:
        return _ingest_later(
            raw_text=raw_text,
            digest=digest,
            user=user,
            title=title,
            source_url=source_url,
            desk=desk,
            name=name,
            page=page,
            on_stored=on_stored,
        )

    models = models_in_use()
    extraction = extract_article(raw_text, learned=models.for_extraction)
    english = extraction.language == ENGLISH
    if english and not extraction.claims:
        raise NoClaimsFound(_no_claims_message(name))
    try:
        with transaction.atomic():
            previous = _lock_latest_version(source_url=source_url)
            fields = _extracted_fields(extraction, previous=previous, desk=desk.strip()[:100])
            if page is not None:
                fields.update(page.fields())
                fields["declared_language"] = page.declared_language or fields["declared_language"]
            article = Article.objects.create(
                title=(title.strip() or extraction.title or "Untitled")[:500],
                source_url=source_url,
                raw_text=raw_text,
                content_hash=digest,
                ingested_by=user if user is not None and user.is_authenticated else None,
                **fields,
            )
            claim_count = _store_claims(
                article=article, extraction=extraction, previous=previous, user=user, models=models
            )
            if on_stored is not None:
                on_stored(article)
    except IntegrityError:
        # Lost a race with a concurrent ingest of the same text.
        _raise_duplicate(name=name, digest=digest)
        raise
    return IngestResult(article=article, claim_count=claim_count)


def _headline(raw_text: str) -> str:
    """The first non-empty line, cleaned the cheap way (the extraction task replaces it)."""
    for line in raw_text[:20_000].splitlines():
        text = clean_line(decode_entities(strip_markup(decode_entities(line))))
        if text:
            return text
    return ""


def _ingest_later(
    *,
    raw_text: str,
    digest: str,
    user: User | None,
    title: str,
    source_url: str,
    desk: str,
    name: str,
    page: PageMetadata | None,
    on_stored: Callable[[Article], None] | None,
) -> IngestResult:
    page_fields = {**page.fields(), "declared_language": page.declared_language[:12]} if page else {}
    try:
        with transaction.atomic():
            article = Article.objects.create(
                **page_fields,
                title=(title.strip() or _headline(raw_text) or "Untitled")[:500],
                source_url=source_url,
                desk=desk.strip()[:100],
                raw_text=raw_text,
                cleaned_text="",
                content_hash=digest,
                language="",
                state=ArticleState.EXTRACTING,
                ingested_by=user if user is not None and user.is_authenticated else None,
            )
            audit_record(
                action=AuditAction.ARTICLE_QUEUED,
                actor=user,
                article=article,
                after=ArticleState.EXTRACTING,
                data={
                    "bytes": len(raw_text.encode("utf-8", errors="surrogatepass")),
                    "name": name,
                    "title_given": bool(title.strip()),
                },
            )
            _enqueue_extraction(article_id=article.pk)
            if on_stored is not None:
                on_stored(article)
    except IntegrityError:
        _raise_duplicate(name=name, digest=digest)
        raise
    return IngestResult(article=article, claim_count=0, queued=True)


def _enqueue_extraction(*, article_id: int) -> None:
    def send() -> None:
        try:
            enqueue("reviews.extract_article_claims", article_id)
        except Exception:  # the broker is down: the article stays "extracting"; re-submitting the text retries
            logger.exception("could not queue the extraction of article #%s", article_id)

    transaction.on_commit(send)


def article_extraction_requeue_stuck(*, limit: int = 200) -> list[int]:
    """Send the extraction again for articles still ``extracting`` long after they were stored.

    Their message was lost (the broker was down when the article was stored, or the queue was purged):
    without this they would wait, not ready, until someone submitted the same text again. The task is
    idempotent, so an article whose first message is merely slow is extracted once and the extra message
    finds nothing to do. The oldest first, at most ``limit`` a run.
    """
    return requeue_stuck(
        Article.objects.filter(state=ArticleState.EXTRACTING),
        since="ingested_at",
        send=lambda article_id: _enqueue_extraction(article_id=article_id),
        what="article extraction(s)",
        limit=limit,
    )


def article_extract_queued(*, article_id: int) -> IngestResult | None:
    """Extract an article stored in ``extracting`` and store its claims (or its refusal).

    Idempotent: an article that is no longer ``extracting`` (done by an earlier run) is left alone
    and ``None`` is returned. The slow extraction runs outside the transaction; the article is
    locked and its state checked again before anything is written.
    """
    queued = Article.objects.filter(pk=article_id, state=ArticleState.EXTRACTING).only("raw_text").first()
    if queued is None:
        return None
    models = models_in_use()  # a database error here is retried by the task, not recorded as a failure
    try:
        extraction = extract_article(queued.raw_text, learned=models.for_extraction)
    except Exception as error:  # a bug in extraction: record it rather than leave "extracting" forever
        article_extraction_failed(article_id=article_id, error=error)
        return None
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.state != ArticleState.EXTRACTING:
            return None
        queued_event = article.audit_events.filter(action=AuditAction.ARTICLE_QUEUED).order_by("-id").first()
        actor = article.ingested_by
        name = str(queued_event.data.get("name", "article")) if queued_event else "article"
        title_given = bool(queued_event.data.get("title_given")) if queued_event else False
        english = extraction.language == ENGLISH
        if english and not extraction.claims:
            article.state = ArticleState.REFUSED
            article.refusal = _no_claims_message(name).replace("nothing was ingested", "nothing was queued")
            article.cleaned_text = extraction.cleaned_text
            article.language = extraction.language
            article.declared_language = extraction.declared_language or article.declared_language
            article.save(update_fields=["state", "refusal", "cleaned_text", "language", "declared_language"])
            audit_record(
                action=AuditAction.ARTICLE_REFUSED,
                actor=actor,
                article=article,
                before=ArticleState.EXTRACTING,
                after=ArticleState.REFUSED,
                reason=article.refusal,
                data={"language": extraction.language},
            )
            return IngestResult(article=article, claim_count=0)
        previous = _lock_latest_version(source_url=article.source_url, exclude_id=article.pk)
        fields = _extracted_fields(extraction, previous=previous, desk=article.desk)
        fields["declared_language"] = extraction.declared_language or article.declared_language  # a page's, kept
        if not title_given and extraction.title:
            fields["title"] = extraction.title[:500]
        for field, value in fields.items():
            setattr(article, field, value)
        article.save(update_fields=list(fields))
        claim_count = _store_claims(
            article=article, extraction=extraction, previous=previous, user=actor, models=models
        )
    return IngestResult(article=article, claim_count=claim_count)


EXTRACTION_FAILURE = (
    "Extraction failed because of an error on our side; nothing was queued. "
    "Submit the same text again to retry, and tell an administrator if it keeps happening."
)


def article_extraction_failed(*, article_id: int, error: BaseException) -> None:
    """The extraction gave up: say so on the article (re-submitting the same text retries).

    Editors read ``refusal`` on the article page and in the API, and an exception's text can carry what
    they must not see (a database host, a file path, a piece of SQL): it is logged here in full with
    the article id, and the article says ``EXTRACTION_FAILURE`` (as a failed page fetch does).
    """
    logger.error("extraction of article #%s failed", article_id, exc_info=error)
    Article.objects.filter(pk=article_id, state=ArticleState.EXTRACTING).update(
        state=ArticleState.FAILED, refusal=EXTRACTION_FAILURE
    )


def _lock_latest_version(*, source_url: str, exclude_id: int | None = None) -> Article | None:
    """The current version at ``source_url``, locked; if a concurrent correction got there first, that one."""
    previous = article_latest_version(source_url=source_url, exclude_id=exclude_id)
    while previous is not None:
        previous = Article.objects.select_for_update().get(pk=previous.pk)
        latest = article_latest_version(source_url=source_url, exclude_id=exclude_id)
        if latest is None or latest.pk == previous.pk:
            break
        previous = latest
    return previous


def _extracted_fields(extraction: Extraction, *, previous: Article | None, desk: str) -> dict[str, object]:
    """What the extraction, the previous version and the desk's defaults decide about a new article."""
    desk_name = desk or (previous.desk if previous else "")
    # A new article takes its desk's defaults; a new version keeps the previous version's settings.
    defaults = None if previous else Desk.objects.filter(name=desk_name).first() if desk_name else None
    return {
        "cleaned_text": extraction.cleaned_text,
        "language": extraction.language,
        "declared_language": extraction.declared_language,
        "state": ArticleState.REVIEW if extraction.language == ENGLISH else ArticleState.TRIAGE,
        "desk": desk_name,
        "previous_version": previous,
        "version": previous.version + 1 if previous else 1,
        "priority": previous.priority if previous else (defaults.default_priority if defaults else 0),
        "deadline": previous.deadline if previous else None,
        "required_reviews": (
            previous.required_reviews if previous else (defaults.default_required_reviews if defaults else 1)
        ),
    }


def _store_claims(
    *,
    article: Article,
    extraction: Extraction,
    previous: Article | None,
    user: User | None,
    models: ModelsInUse,
) -> int:
    """Inside the ingest transaction: the claims (carried or new), matching, audit and webhook."""
    fresh = list(extraction.claims)
    checkworthiness_id, status_id = model_versions_record(models) if fresh else (None, None)
    if previous is not None:
        fresh = article_correction_apply(previous=previous, article=article, extracted=fresh, user=user).fresh
    created = Claim.objects.bulk_create(
        Claim(
            article=article,
            position=claim.position,
            text=claim.text,
            start=claim.start,
            end=claim.end,
            score=round(min(1.0, max(0.0, claim.score)), 4),
            suggested_status=claim.suggested_status.value,
            rule_status=claim.rule_status.value if claim.rule_status else "",
            checkworthiness_model_id=checkworthiness_id,
            status_model_id=status_id,
            cues=[{"text": cue.text, "start": cue.start, "end": cue.end, "kind": cue.kind.value} for cue in claim.cues],
            priority=article.priority,
            deadline=article.deadline,
            required_reviews=article.required_reviews,
        )
        for claim in fresh
    )
    claim_matches_enqueue(claim_ids=[claim.pk for claim in created if claim.pk is not None])
    audit_record(
        action=AuditAction.ARTICLE_INGESTED,
        actor=user,
        article=article,
        data={
            "claims": len(extraction.claims),
            "language": extraction.language,
            "declared_language": article.declared_language,
            "origin": article.origin,
            "state": article.state,
            "version": article.version,
            "previous_version": previous.pk if previous else None,
        },
    )
    webhook_emit(
        event=WebhookEvent.ARTICLE_INGESTED,
        payload={
            "article_id": article.pk,
            "title": article.title,
            "source_url": article.source_url,
            "desk": article.desk,
            "language": article.language,
            "state": article.state,
            "claims": len(extraction.claims),
            "version": article.version,
            "previous_version_id": previous.pk if previous else None,
        },
    )
    return len(extraction.claims)


def desk_save(*, editor: User, name: str, default_required_reviews: int, default_priority: int = 0) -> Desk:
    """Create or change a desk record: the review defaults of its new articles. Audited.

    Articles already ingested keep their settings (change those on the article's page).
    """
    name = name.strip()[:100]
    if not name:
        raise InvalidInput("Give the desk a name.")
    if not 1 <= int(default_required_reviews) <= 3:
        raise InvalidInput("Reviews per claim must be 1, 2 or 3.")
    with transaction.atomic():
        desk = Desk.objects.select_for_update().filter(name=name).first()
        before = f"{desk.default_required_reviews} reviews, priority {desk.default_priority}" if desk else ""
        desk, _ = Desk.objects.update_or_create(
            name=name,
            defaults={
                "default_required_reviews": int(default_required_reviews),
                "default_priority": int(default_priority),
            },
        )
        audit_record(
            action=AuditAction.DESK_SAVED,
            actor=editor,
            before=before,
            after=f"{desk.default_required_reviews} reviews, priority {desk.default_priority}",
            reason=f"desk {desk.name}",
            data={"desk": desk.pk, "name": desk.name},
        )
    return desk
