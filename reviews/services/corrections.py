"""Corrections of the extraction: "not a claim" flags, text edits, splits and missed claims.

Each correction is stored as an ``ExtractionCorrection`` (exported to feed the extraction
evaluation, see ``reviews.selectors.corrections``) and written to the audit trail in the same
transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reviews.exceptions import ClaimNotHeld, ClaimStateConflict, InvalidInput, NotFound
from reviews.models import (
    NOT_INGESTED_STATES,
    Article,
    Assignment,
    AssignmentState,
    AuditAction,
    Claim,
    ClaimStatus,
    CorrectionKind,
    CorrectionState,
    ExtractionCorrection,
    Verdict,
)
from reviews.services.audit import audit_record
from reviews.services.claims import claim_status_change
from reviews.services.clearance import RevocationCause, article_clearance_revoke
from reviews.services.queue import _close, _required_reason, assignment_get_held, claim_revoke_leases
from reviews.services.triage import article_leave_triage
from reviews.services.verdicts import claim_settle

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Positions are unique per article; shifting them goes through this offset so that no
# intermediate row collides with another.
_POSITION_SHIFT = 1_000_000


def claim_flag_not_a_claim(*, assignment_id: int, reviewer: User, reason: str) -> ExtractionCorrection:
    """Instead of a verdict, the reviewer holding the claim says the sentence is not a claim.

    The lease closes as ``flagged`` (the reviewer is not handed the claim again) and the claim
    waits for an editor in the adjudication queue.
    """
    reason = _required_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        assignment = assignment_get_held(assignment_id=assignment_id, reviewer=reviewer, now=now, with_article=False)
        claim = Claim.objects.select_for_update().get(pk=assignment.claim_id)
        if not _close(assignment, state=AssignmentState.FLAGGED, now=now):
            raise ClaimNotHeld("This lease was closed in the meantime; nothing was recorded.")
        Assignment.objects.filter(pk=assignment.pk).update(reason=reason)
        correction = ExtractionCorrection.objects.create(
            kind=CorrectionKind.NOT_A_CLAIM,
            state=CorrectionState.PROPOSED,
            article_id=claim.article_id,
            claim=claim,
            before_text=claim.text,
            start=claim.start,
            end=claim.end,
            reason=reason,
            proposed_by=reviewer,
        )
        claim_status_change(
            claim=claim,
            status=ClaimStatus.FLAGGED if claim.status == ClaimStatus.PENDING else claim.status,
            action=AuditAction.CLAIM_FLAGGED,
            actor=reviewer,
            reason=reason,
            data={"assignment": assignment.pk, "correction": correction.pk},
        )
    return correction


def claim_resolve_flag(*, claim_id: int, editor: User, confirm: bool, reason: str) -> Claim:
    """An editor confirms (the claim becomes ``not_a_claim``) or rejects (back to the queue) a flag."""
    reason = _required_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        proposals = ExtractionCorrection.objects.filter(
            claim=claim, kind=CorrectionKind.NOT_A_CLAIM, state=CorrectionState.PROPOSED
        )
        if claim.status != ClaimStatus.FLAGGED or not proposals.exists():
            raise ClaimStateConflict("This claim has no open not-a-claim flag.")
        decided = proposals.update(
            state=CorrectionState.CONFIRMED if confirm else CorrectionState.REJECTED,
            decided_by=editor,
            decided_at=now,
            decision_reason=reason,
        )
        if confirm:
            claim_revoke_leases(claim=claim, actor=editor, reason="confirmed not a claim")
            claim.finalised_at = now
        claim_status_change(
            claim=claim,
            status=ClaimStatus.NOT_A_CLAIM if confirm else ClaimStatus.PENDING,
            also_saved=["finalised_at"],
            action=AuditAction.FLAG_RESOLVED,
            actor=editor,
            reason=reason,
            data={"confirmed": confirm, "corrections": decided},
        )
        if not confirm:
            claim.refresh_from_db()
            claim_settle(claim=claim, actor=editor)
    return claim


def _check_span(article: Article, start: int, end: int) -> str:
    if not 0 <= start < end <= len(article.cleaned_text):
        raise InvalidInput(f"The span must lie within the cleaned text (0-{len(article.cleaned_text)}).")
    text = article.cleaned_text[start:end]
    if not text.strip():
        raise InvalidInput("The span holds no text.")
    return text


def _trimmed_span(text: str, start: int) -> tuple[str, int, int]:
    """Strip whitespace off a span, keeping its offsets true."""
    leading = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, start + leading, start + leading + len(stripped)


def _cues_for(text: str, cues: list[dict[str, object]]) -> list[dict[str, object]]:
    """Re-anchor cue words in a changed claim text; cues that no longer occur are dropped."""
    kept = []
    for cue in cues:
        cue_text = str(cue.get("text", ""))
        at = text.find(cue_text) if cue_text else -1
        if at >= 0:
            kept.append({**cue, "start": at, "end": at + len(cue_text)})
    return kept


def _make_room(*, article_id: int, position: int, count: int) -> None:
    """Shift claims at ``position`` and after by ``count``. Caller holds the article lock."""
    later = Claim.objects.filter(article_id=article_id, position__gte=position)
    later.update(position=F("position") + _POSITION_SHIFT)
    Claim.objects.filter(article_id=article_id, position__gte=_POSITION_SHIFT).update(
        position=F("position") - _POSITION_SHIFT + count
    )


def _locked_article_and_claim(claim_id: int) -> tuple[Article, Claim]:
    article_id = Claim.objects.filter(pk=claim_id).values_list("article_id", flat=True).first()
    if article_id is None:
        raise NotFound("No such claim.")
    article = Article.objects.select_for_update().get(pk=article_id)
    return article, Claim.objects.select_for_update().get(pk=claim_id)


def claim_edit_text(
    *,
    claim_id: int,
    editor: User,
    text: str,
    reason: str,
    start: int | None = None,
    end: int | None = None,
) -> Claim:
    """Correct the text (and optionally the span) of a claim as the extractor cut it."""
    reason = _required_reason(reason)
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("The claim text cannot be empty.")
    with transaction.atomic():
        article, claim = _locked_article_and_claim(claim_id)
        if claim.status == ClaimStatus.SUPERSEDED:
            raise ClaimStateConflict("This claim was split; edit its parts instead.")
        new_start = claim.start if start is None else start
        new_end = claim.end if end is None else end
        _check_span(article, new_start, new_end)
        before_text = claim.text
        if before_text == text and (new_start, new_end) == (claim.start, claim.end):
            raise ClaimStateConflict("Nothing changed.")
        correction = ExtractionCorrection.objects.create(
            kind=CorrectionKind.TEXT_EDITED,
            state=CorrectionState.CONFIRMED,
            article=article,
            claim=claim,
            before_text=before_text,
            after_text=text,
            start=new_start,
            end=new_end,
            reason=reason,
            proposed_by=editor,
            decided_by=editor,
            decided_at=timezone.now(),
            data={"before_span": [claim.start, claim.end]},
        )
        claim.text, claim.start, claim.end = text, new_start, new_end
        claim.cues = _cues_for(text, claim.cues)
        claim.save(update_fields=["text", "start", "end", "cues", "updated_at"])
        audit_record(
            action=AuditAction.CLAIM_TEXT_EDITED,
            actor=editor,
            claim=claim,
            reason=reason,
            data={"before_text": before_text, "after_text": text, "correction": correction.pk},
        )
        article_clearance_revoke(
            article_id=article.pk, cause=RevocationCause.CLAIM_TEXT_EDITED, actor=editor, claim=claim, reason=reason
        )
    return claim


def claim_split(*, claim_id: int, editor: User, split_at: int, reason: str) -> tuple[Claim, Claim]:
    """Split a claim into two at ``split_at`` (an offset in the claim text).

    The original is kept, marked ``superseded`` (its reviews and history stay); the two parts
    are new pending claims right after it, reviewed afresh.
    """
    reason = _required_reason(reason)
    with transaction.atomic():
        article, claim = _locked_article_and_claim(claim_id)
        if claim.status == ClaimStatus.SUPERSEDED:
            raise ClaimStateConflict("This claim was already split.")
        if not 0 < split_at < len(claim.text):
            raise InvalidInput(f"Split inside the claim text (1-{len(claim.text) - 1}).")
        first_text, first_start, first_end = _trimmed_span(claim.text[:split_at], claim.start)
        second_text, second_start, second_end = _trimmed_span(claim.text[split_at:], claim.start + split_at)
        if not first_text or not second_text:
            raise InvalidInput("Both parts need some text.")
        _make_room(article_id=article.pk, position=claim.position + 1, count=2)
        parts = []
        for offset, (text, start, end) in enumerate(
            [(first_text, first_start, first_end), (second_text, second_start, second_end)], start=1
        ):
            parts.append(
                Claim.objects.create(
                    article=article,
                    position=claim.position + offset,
                    text=text,
                    start=min(start, len(article.cleaned_text)),
                    end=min(end, len(article.cleaned_text)),
                    score=claim.score,
                    suggested_status=claim.suggested_status,
                    rule_status=claim.rule_status,
                    checkworthiness_model_id=claim.checkworthiness_model_id,
                    status_model_id=claim.status_model_id,
                    cues=_cues_for(text, claim.cues),
                    priority=claim.priority,
                    deadline=claim.deadline,
                    required_reviews=article.required_reviews,
                )
            )
        claim_revoke_leases(claim=claim, actor=editor, reason="the claim was split")
        correction = ExtractionCorrection.objects.create(
            kind=CorrectionKind.SPLIT,
            state=CorrectionState.CONFIRMED,
            article=article,
            claim=claim,
            before_text=claim.text,
            after_text=f"{first_text}\n{second_text}",
            start=claim.start,
            end=claim.end,
            reason=reason,
            proposed_by=editor,
            decided_by=editor,
            decided_at=timezone.now(),
            data={"parts": [part.pk for part in parts], "split_at": split_at},
        )
        claim.finalised_at = timezone.now()
        claim_status_change(
            claim=claim,
            status=ClaimStatus.SUPERSEDED,
            also_saved=["finalised_at"],
            action=AuditAction.CLAIM_SPLIT,
            actor=editor,
            reason=reason,
            data={"parts": [part.pk for part in parts], "correction": correction.pk},
        )
        for part in parts:
            audit_record(
                action=AuditAction.CLAIM_ADDED,
                actor=editor,
                claim=part,
                after=part.status,
                reason=reason,
                data={"split_from": claim.pk, "correction": correction.pk},
            )
        article_clearance_revoke(
            article_id=article.pk, cause=RevocationCause.CLAIM_SPLIT, actor=editor, claim=claim, reason=reason
        )
    return parts[0], parts[1]


def claim_add_missed(
    *,
    article_id: int,
    editor: User,
    start: int,
    end: int,
    suggested_status: str,
    reason: str,
) -> Claim:
    """Add a claim the extractor missed, by its span in the article's cleaned text."""
    reason = _required_reason(reason)
    if suggested_status not in Verdict.values:
        raise InvalidInput(f"Suggested status is one of {', '.join(Verdict.values)}.")
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFound("No such article.")
        if article.state in NOT_INGESTED_STATES:
            raise ClaimStateConflict(
                f"Article #{article.pk} is not ingested ({article.get_state_display().lower()}); no claim can be added."
            )
        text, start, end = _trimmed_span(_check_span(article, start, end), start)
        text = " ".join(text.split())
        overlapping = Claim.objects.filter(article=article, start__lt=end, end__gt=start).exclude(
            status__in=[ClaimStatus.SUPERSEDED, ClaimStatus.NOT_A_CLAIM]
        )
        if overlapping.exists():
            raise ClaimStateConflict("A claim already covers part of this span; edit or split it instead.")
        position = Claim.objects.filter(article=article, start__lt=start).count()
        _make_room(article_id=article.pk, position=position, count=1)
        claim = Claim.objects.create(
            article=article,
            position=position,
            text=text,
            start=start,
            end=end,
            score=1.0,
            suggested_status=suggested_status,
            priority=article.priority,
            deadline=article.deadline,
            required_reviews=article.required_reviews,
        )
        # An article in triage (or confirmed "nothing to check") now has a claim to review.
        article_state_before = article_leave_triage(article=article)
        correction = ExtractionCorrection.objects.create(
            kind=CorrectionKind.ADDED,
            state=CorrectionState.CONFIRMED,
            article=article,
            claim=claim,
            after_text=text,
            start=start,
            end=end,
            label=suggested_status,
            reason=reason,
            proposed_by=editor,
            decided_by=editor,
            decided_at=timezone.now(),
        )
        audit_record(
            action=AuditAction.CLAIM_ADDED,
            actor=editor,
            claim=claim,
            after=claim.status,
            reason=reason,
            data={"correction": correction.pk, "span": [start, end], "article_state_before": article_state_before},
        )
        article_clearance_revoke(
            article_id=article.pk, cause=RevocationCause.CLAIM_ADDED, actor=editor, claim=claim, reason=reason
        )
    return claim
