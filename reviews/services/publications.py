"""Publishing fact-checks: the public review of a final claim, its corrections and its withdrawal.

An editor publishes one final claim, or every final claim of an article at once (clearance is not
needed: a fact-check publishes the review of a claim, not the article). What the public page shows is
copied at publication: the claim, where it appeared, the verdict, the public summary (written or
accepted by the editor; prefilled from the adjudication reason or the agreed note) and the evidence
links. Publishing again after the verdict or the summary changed is a *correction*: the page keeps
the earlier wording with its date. Unpublishing takes the page down (410) and is audited.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.exceptions import InvalidReportRequest, NotPublishable, NotPublished
from reviews.models import FINAL_STATUSES, AuditAction, Claim, Publication, PublicationCorrection, RatingScale
from reviews.selectors.publications import publication_draft, rating_scale
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User

SUMMARY_MAX = 5000


def _new_key() -> str:
    return secrets.token_urlsafe(9)[:12].replace("-", "x").replace("_", "y")


def claim_publish(*, claim_id: int, editor: User | None, summary: str | None = None) -> Publication:
    """Publish (or publish again) the review of a final claim. ``summary`` None accepts the prefill.

    Raises NotPublishable when the claim has no final status. Publishing an unchanged live review again
    changes nothing; a changed verdict or summary is recorded as a correction.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("article").get(pk=claim_id)
        if claim.status not in FINAL_STATUSES:
            raise NotPublishable(
                f"Claim #{claim.pk} is “{claim.get_status_display()}”: only a claim with a final verdict "
                "(supported, speculative or needs source) can be published."
            )
        draft = publication_draft(claim=claim)
        text = (draft.summary if summary is None else summary).strip()
        if summary is None and not text:  # no reason or note to start from: say what was done, plainly
            text = f"{settings.NEWSROOM_NAME} checked this claim: {rating_scale().rating(claim.status)[1]}."
        if not text:
            raise InvalidReportRequest("Write a public summary: it tells readers why the claim got its verdict.")
        if len(text) > SUMMARY_MAX:
            raise InvalidReportRequest(f"The public summary is limited to {SUMMARY_MAX} characters.")
        now = timezone.now()
        existing = Publication.objects.select_for_update().filter(claim=claim).first()
        fields: dict[str, object] = {
            "claim_text": claim.text,
            "article_title": claim.article.title,
            "article_url": claim.article.source_url,
            "article_desk": claim.article.desk,
            "article_byline": claim.article.byline,
            "article_published_on": claim.article.published_on,
            "status": claim.status,
            "summary": text,
            "evidence": draft.evidence,
        }
        if existing is None:
            publication = _create(claim=claim, editor=editor, now=now, fields=fields)
            audit_record(
                action=AuditAction.FACT_CHECK_PUBLISHED,
                actor=editor,
                claim=claim,
                after=claim.status,
                reason=text,
                data={"publication": publication.key},
            )
            return publication
        publication = existing
        changed = publication.status != claim.status or publication.summary != text
        if publication.is_live and changed:
            scale = rating_scale()
            PublicationCorrection.objects.create(
                publication=publication,
                corrected_at=now,
                corrected_by=editor,
                previous_status=publication.status,
                previous_verdict=scale.rating(publication.status)[1],
                previous_summary=publication.summary,
                status=claim.status,
                summary=text,
            )
            audit_record(
                action=AuditAction.FACT_CHECK_CORRECTED,
                actor=editor,
                claim=claim,
                before=publication.status,
                after=claim.status,
                reason=text,
                data={"publication": publication.key, "previous_summary": publication.summary},
            )
        elif not publication.is_live:
            audit_record(
                action=AuditAction.FACT_CHECK_PUBLISHED,
                actor=editor,
                claim=claim,
                after=claim.status,
                reason=text,
                data={"publication": publication.key, "republished": True},
            )
        elif fields["evidence"] == publication.evidence and fields["claim_text"] == publication.claim_text:
            return publication  # nothing changed
        for name, value in fields.items():
            setattr(publication, name, value)
        publication.unpublished_at = None
        publication.unpublish_reason = ""
        publication.updated_at = now
        publication.save()
        return publication


def _create(*, claim: Claim, editor: User | None, now: datetime, fields: dict[str, object]) -> Publication:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Publication.objects.create(
                    key=_new_key(), claim=claim, published_at=now, published_by=editor, updated_at=now, **fields
                )
        except IntegrityError:  # a key already taken (astronomically rare): draw another
            continue
    raise RuntimeError("Could not draw a free publication key.")


def article_publish(*, article_id: int, editor: User | None) -> list[Publication]:
    """Publish every final claim of the article with its prefilled summary (NotPublishable if none)."""
    with transaction.atomic():
        ids = list(
            Claim.objects.filter(article_id=article_id, status__in=FINAL_STATUSES)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        if not ids:
            raise NotPublishable(f"Article #{article_id} has no claim with a final verdict to publish yet.")
        return [claim_publish(claim_id=claim_id, editor=editor) for claim_id in ids]


def claim_unpublish(*, claim_id: int, editor: User | None, reason: str = "") -> Publication:
    """Take the claim's public page down (it answers 410 Gone from now on)."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().filter(claim_id=claim_id).first()
        if publication is None or not publication.is_live:
            raise NotPublished(f"Claim #{claim_id} has no published fact-check to take down.")
        now = timezone.now()
        publication.unpublished_at = now
        publication.unpublish_reason = reason.strip()
        publication.updated_at = now
        publication.save(update_fields=["unpublished_at", "unpublish_reason", "updated_at"])
        audit_record(
            action=AuditAction.FACT_CHECK_UNPUBLISHED,
            actor=editor,
            claim=publication.claim,
            before=publication.status,
            reason=publication.unpublish_reason,
            data={"publication": publication.key},
        )
    return publication


def rating_scale_update(*, user: User, **values: object) -> RatingScale:
    """Change the public rating scale (admins; audited). Published pages and the export use it at once."""
    allowed = {f.name for f in RatingScale._meta.get_fields()} - {"id", "updated_by", "updated_at"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidReportRequest(f"Unknown rating scale setting {', '.join(unknown)}.")
    with transaction.atomic():
        scale = rating_scale(for_update=True)
        before = {name: str(getattr(scale, name)) for name in values}
        for name, value in values.items():
            setattr(scale, name, value)
        if not scale.worst_rating < scale.best_rating:
            raise InvalidReportRequest("The best rating must be above the worst rating.")
        for status in ("supported", "speculative", "needs_source"):
            if not scale.worst_rating <= getattr(scale, f"{status}_rating") <= scale.best_rating:
                raise InvalidReportRequest(f"The {status.replace('_', ' ')} rating must be on the scale.")
        scale.updated_by = user
        scale.save()
        audit_record(
            action=AuditAction.RATING_SCALE_CHANGED,
            actor=user,
            data={"before": before, "after": {name: str(value) for name, value in values.items()}},
        )
    return scale
