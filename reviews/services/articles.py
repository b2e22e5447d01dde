"""Ingesting articles: validate, extract claims, store, queue every claim for review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction

from reviews.exceptions import DuplicateArticle, InvalidInput, NoClaimsFound
from reviews.extraction.fingerprint import content_hash  # normalised text: reviews/extraction/fingerprint.py
from reviews.extraction.input import check_article_text, decode_article_bytes
from reviews.extraction.language import ENGLISH
from reviews.extraction.pipeline import extract_article
from reviews.models import Article, ArticleState, AuditAction, Claim, Desk, WebhookEvent
from reviews.services.audit import audit_record
from reviews.services.matching import claim_matches_enqueue
from reviews.services.versions import article_correction_apply, article_latest_version
from reviews.services.webhooks import webhook_emit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class IngestResult:
    article: Article
    claim_count: int


def article_text_from_upload(*, data: bytes, name: str) -> str:
    """Decode an uploaded file or raise a clear ``InvalidArticle`` naming it."""
    return decode_article_bytes(data, max_bytes=settings.ARTICLE_MAX_BYTES, name=name)


def article_ingest(
    *,
    raw_text: str,
    user: AbstractBaseUser | None = None,
    title: str = "",
    source_url: str = "",
    desk: str = "",
    name: str = "article",
) -> IngestResult:
    """Ingest one article in one transaction, or raise and leave the database as it was.

    Idempotent by content hash: the same raw text twice raises ``DuplicateArticle`` naming
    the article already stored. Changed text from the ``source_url`` of an article already
    stored is a correction: a new version linked to the old one (see ``services/versions.py``).
    An English article without a claim is refused (``NoClaimsFound``); an article in another
    language, or whose language cannot be determined, is stored in triage for an editor
    (``services/triage.py``): automatic extraction is English-only.
    """
    check_article_text(raw_text, max_bytes=settings.ARTICLE_MAX_BYTES, name=name)
    digest = content_hash(raw_text)
    existing = Article.objects.filter(content_hash=digest).values_list("pk", flat=True).first()
    if existing is not None:
        raise DuplicateArticle(f"{name}: already ingested as article #{existing}.", article_id=existing)

    extraction = extract_article(raw_text)
    english = extraction.language == ENGLISH
    if english and not extraction.claims:
        raise NoClaimsFound(f"{name}: no check-worthy claims found; nothing was ingested.")
    state = ArticleState.REVIEW if english else ArticleState.TRIAGE

    try:
        with transaction.atomic():
            previous = article_latest_version(source_url=source_url)
            while previous is not None:
                # Lock the version we correct; if a concurrent correction got there first, correct that one.
                previous = Article.objects.select_for_update().get(pk=previous.pk)
                latest = article_latest_version(source_url=source_url)
                if latest is None or latest.pk == previous.pk:
                    break
                previous = latest
            desk_name = desk.strip()[:100] or (previous.desk if previous else "")
            # A new article takes its desk's defaults; a new version keeps the previous version's settings.
            defaults = None if previous else Desk.objects.filter(name=desk_name).first() if desk_name else None
            article = Article.objects.create(
                title=(title.strip() or extraction.title or "Untitled")[:500],
                source_url=source_url,
                desk=desk_name,
                raw_text=raw_text,
                cleaned_text=extraction.cleaned_text,
                content_hash=digest,
                language=extraction.language,
                declared_language=extraction.declared_language,
                state=state,
                ingested_by=user if user is not None and user.is_authenticated else None,
                previous_version=previous,
                version=previous.version + 1 if previous else 1,
                priority=previous.priority if previous else (defaults.default_priority if defaults else 0),
                deadline=previous.deadline if previous else None,
                required_reviews=(
                    previous.required_reviews if previous else (defaults.default_required_reviews if defaults else 1)
                ),
            )
            fresh = list(extraction.claims)
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
                    cues=[
                        {"text": cue.text, "start": cue.start, "end": cue.end, "kind": cue.kind.value}
                        for cue in claim.cues
                    ],
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
                    "declared_language": extraction.declared_language,
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
    except IntegrityError:
        # Lost a race with a concurrent ingest of the same text.
        existing = Article.objects.filter(content_hash=digest).values_list("pk", flat=True).first()
        if existing is None:
            raise
        raise DuplicateArticle(f"{name}: already ingested as article #{existing}.", article_id=existing) from None
    return IngestResult(article=article, claim_count=len(extraction.claims))


def desk_save(*, editor: AbstractBaseUser, name: str, default_required_reviews: int, default_priority: int = 0) -> Desk:
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
