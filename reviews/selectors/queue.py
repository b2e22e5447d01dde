"""Reads for the reviewer's desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from reviews.exceptions import NotFound
from reviews.models import (
    ADJUDICATION_STATUSES,
    ASSIGNMENT_STATES_DONE_BY_REVIEWER,
    FINAL_STATUSES,
    UNDO_WINDOW,
    Article,
    Assignment,
    AssignmentState,
    AuditEvent,
    Claim,
    ClaimMatch,
    ClaimStatus,
    CorrectionKind,
    CorrectionState,
    ExtractionCorrection,
    Review,
)
from reviews.roles import is_editor
from reviews.selectors.recusals import RecusalPatterns, recusal_exclude, recusal_patterns

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


# The queue order; it matches the partial index ``claim_pending_queue_idx`` column for column so
# the hand-out is an index scan that stops at the first free row.
QUEUE_ORDER = (
    F("priority").desc(),
    F("deadline").asc(nulls_last=True),
    F("score").desc(),
    F("created_at").asc(),
    F("id").asc(),
)


# A claim the reviewer skipped comes back to them, but only once the rest of their queue is done.
_DONE_UNLESS_SKIPPED = tuple(state for state in ASSIGNMENT_STATES_DONE_BY_REVIEWER if state != AssignmentState.SKIPPED)


def slot_free() -> Q:
    """A review slot of the claim is free: it is pending and its reviews and leases are fewer than it needs."""
    return Q(status=ClaimStatus.PENDING, review_count__lt=F("required_reviews") - F("lease_count"))


def claims_open_for(
    *, reviewer: AbstractBaseUser, article_id: int | None = None, desk: str = "", include_skipped: bool = False
) -> QuerySet[Claim]:
    """Claims the reviewer could be handed now, best first: pending, a slot free, never theirs before.

    ``include_skipped``: also the claims they skipped (the queue offers those once nothing else is left).
    The one definition of the queue's eligibility and order: the hand-out on PostgreSQL is this
    query compiled to SQL (``_hand_out_sql`` in services/queue.py), the portable hand-out reads it as it is.
    """
    return claims_open_given(
        reviewer=reviewer,
        article_id=article_id,
        desk=desk,
        include_skipped=include_skipped,
        recusals=recusal_patterns(reviewer=reviewer),
    )


def claims_open_given(
    *,
    reviewer: AbstractBaseUser,
    article_id: int | None,
    desk: str,
    include_skipped: bool,
    recusals: RecusalPatterns | None,
) -> QuerySet[Claim]:
    """``claims_open_for``, given the reviewer's recusals (``recusal_patterns``)."""
    states = _DONE_UNLESS_SKIPPED if include_skipped else ASSIGNMENT_STATES_DONE_BY_REVIEWER
    mine = Assignment.objects.filter(claim=OuterRef("pk"), reviewer=reviewer, state__in=states)
    claims = Claim.objects.filter(slot_free()).exclude(Exists(mine))
    if recusals is not None:
        claims = recusal_exclude(claims, patterns=recusals)  # conflicts of interest (selectors/recusals.py)
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    if desk:
        claims = claims.filter(article_id__in=Article.objects.filter(desk=desk).values("pk"))
    return claims.order_by(*QUEUE_ORDER)


@dataclass(frozen=True)
class ReviewerProgress:
    done_today: int
    done_total: int
    waiting: int


def assignment_list_held(*, reviewer: AbstractBaseUser, now: datetime | None = None) -> QuerySet[Assignment]:
    now = now or timezone.now()
    return (
        Assignment.objects.filter(reviewer=reviewer, state=AssignmentState.ACTIVE, expires_at__gt=now)
        .select_related("claim", "claim__article")
        .order_by("leased_at")
    )


def reviewer_progress(*, reviewer: AbstractBaseUser, article_id: int | None = None, desk: str = "") -> ReviewerProgress:
    """Reviews done today and in all, and how many claims wait for this reviewer (in their filter)."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    mine = Review.objects.filter(reviewer=reviewer)
    return ReviewerProgress(
        done_today=mine.filter(created_at__gte=today).count(),
        done_total=mine.count(),
        waiting=claims_open_for(reviewer=reviewer, article_id=article_id, desk=desk).count(),
    )


@dataclass(frozen=True)
class QueueFilterOptions:
    desks: list[str]
    articles: list[tuple[int, str]]  # (id, title) of articles with claims awaiting review


def queue_filter_options(*, limit: int = 500) -> QueueFilterOptions:
    """What a reviewer can narrow their queue to: desks and articles that have pending claims.

    One query: the ``limit`` most urgent articles with pending claims, and their desks.
    """
    pending = Claim.objects.filter(status=ClaimStatus.PENDING).values("article_id")
    rows = list(
        Article.objects.filter(pk__in=pending)
        .order_by("-priority", "deadline", "-ingested_at")
        .values_list("pk", "title", "desk")[:limit]
    )
    return QueueFilterOptions(
        desks=sorted({desk for _pk, _title, desk in rows if desk}),
        articles=[(pk, title) for pk, title, _desk in rows],
    )


@dataclass(frozen=True)
class Precedent:
    """A decision reached earlier on a claim that matches this one."""

    claim_id: int
    text: str
    status: str
    status_label: str
    similarity: float
    article_title: str


def claim_precedents(claim: Claim, *, limit: int = 5) -> list[Precedent]:
    """Decided claims matching ``claim`` (``ClaimMatch``, from the extraction's matcher), best match first.

    Only decided claims count as precedents (final verdicts, or confirmed not a claim); one query.
    """
    decided = [*FINAL_STATUSES, ClaimStatus.NOT_A_CLAIM]
    matches = (
        ClaimMatch.objects.filter(claim=claim, matched_claim__status__in=decided)
        .select_related("matched_claim__article")
        .only(
            "similarity",
            "matched_claim__id",
            "matched_claim__text",
            "matched_claim__status",
            "matched_claim__article__title",
        )
        .order_by("-similarity", "matched_claim_id")[:limit]
    )
    return [
        Precedent(
            claim_id=match.matched_claim.pk,
            text=match.matched_claim.text,
            status=match.matched_claim.status,
            status_label=match.matched_claim.get_status_display(),
            similarity=match.similarity,
            article_title=match.matched_claim.article.title,
        )
        for match in matches
    ]


def adjudication_list() -> QuerySet[Claim]:
    """Claims waiting for an editor (disputed, or flagged not a claim), oldest first, with everything
    the editor needs in a fixed number of queries: all reviews with reviewer and evidence, and
    the open flags."""
    reviews = Review.objects.select_related("reviewer").prefetch_related("evidence").order_by("created_at", "id")
    flags = ExtractionCorrection.objects.filter(
        kind=CorrectionKind.NOT_A_CLAIM, state=CorrectionState.PROPOSED
    ).select_related("proposed_by")
    return (
        Claim.objects.filter(status__in=ADJUDICATION_STATUSES)
        .select_related("article")
        .prefetch_related(
            Prefetch("reviews", queryset=reviews),
            Prefetch("corrections", queryset=flags, to_attr="open_flags"),
        )
        .order_by("-priority", "updated_at", "id")
    )


def claim_get_visible(*, claim_id: int, user: AbstractBaseUser) -> Claim:
    """The claim, if ``user`` may see its reviews and history: editors always; a reviewer only
    once they have given their own verdict or flag on it (blind review). Otherwise ``NotFound``."""
    claim = Claim.objects.select_related("article").filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("No such claim.")
    if is_editor(user):
        return claim
    reviewed = (
        Review.objects.filter(claim=claim, reviewer=user).exists()
        or Assignment.objects.filter(claim=claim, reviewer=user, state=AssignmentState.FLAGGED).exists()
    )
    if not reviewed:
        raise NotFound("No such claim.")
    return claim


def claim_reviews(*, claim: Claim) -> QuerySet[Review]:
    return (
        Review.objects.filter(claim=claim)
        .select_related("reviewer")
        .prefetch_related("evidence")
        .order_by("review_round", "created_at", "id")
    )


def claim_history(*, claim: Claim) -> QuerySet[AuditEvent]:
    """The claim's audit trail, oldest first."""
    return AuditEvent.objects.filter(claim=claim).select_related("actor").order_by("at", "id")


def claim_context(*, claim: Claim, sentences_around: int = 1) -> tuple[str, str, str]:
    """The text before the claim, the claim, and the text after it, about a sentence each way."""
    text = claim.article.cleaned_text
    before = text[: claim.start]
    after = text[claim.end :]
    cut_before = before
    for _ in range(sentences_around + 1):
        index = max(cut_before.rfind(". "), cut_before.rfind("\n"))
        if index <= 0:
            cut_before = ""
            break
        cut_before = cut_before[:index]
    start = len(cut_before)
    if start:
        start += 1
    end = 0
    for _ in range(sentences_around):
        index = min((i for i in (after.find(". ", end), after.find("\n", end)) if i >= 0), default=-1)
        if index < 0:
            end = len(after)
            break
        end = index + 1
    return before[start:].lstrip(), claim.text, after[:end]


def cue_segments(claim: Claim) -> list[tuple[str, str]]:
    """Split the claim text into (text, cue kind or "") pieces for highlighting."""
    pieces: list[tuple[str, str]] = []
    position = 0
    cues = sorted(
        (cue for cue in claim.cues if 0 <= cue.get("start", -1) < cue.get("end", -1) <= len(claim.text)),
        key=lambda cue: cue["start"],
    )
    for cue in cues:
        if cue["start"] < position:
            continue
        if cue["start"] > position:
            pieces.append((claim.text[position : cue["start"]], ""))
        pieces.append((claim.text[cue["start"] : cue["end"]], str(cue.get("kind", ""))))
        position = cue["end"]
    if position < len(claim.text):
        pieces.append((claim.text[position:], ""))
    return pieces


_CUE_REASONS = {
    "hedge": "hedged wording",
    "weasel": "vague attribution",
    "attribution": "attributed to a named source",
    "fact": "concrete, checkable content with no source",
}
_STATUS_REASONS = {
    "supported": "a factual assertion that names its source",
    "speculative": "a forecast or an uncertain statement, not an established fact",
    "needs_source": "a factual assertion with no attribution",
}


_STATUS_LABELS = {"supported": "supported", "speculative": "speculative", "needs_source": "needs source"}


def suggestion_reason(claim: Claim) -> str:
    """Why the extractor suggested this status, in words, also when it found no cue word."""
    kinds = []
    for cue in claim.cues or []:
        kind = cue.get("kind") if isinstance(cue, dict) else None
        if kind in _CUE_REASONS and _CUE_REASONS[kind] not in kinds:
            kinds.append(_CUE_REASONS[kind])
    base = _STATUS_REASONS.get(str(claim.suggested_status), "the extractor's judgement of the sentence")
    learned = ""
    if claim.rule_status and claim.rule_status != claim.suggested_status:
        rules = _STATUS_LABELS.get(str(claim.rule_status), str(claim.rule_status))
        learned = f" Suggested by this newsroom's learned status model from these cues; the rules alone said {rules}."
    if not kinds:
        return f"{base[0].upper()}{base[1:]} (no cue word found).{learned}"
    return f"{base[0].upper()}{base[1:]}: {', '.join(kinds)}.{learned}"


def reviewer_recent_verdicts(*, reviewer: AbstractBaseUser, limit: int = 50) -> list[Review]:
    """The reviewer's latest verdicts, newest first, each marked ``can_change`` and ``can_undo``.

    Two queries whatever the number of rows: the reviews with their claim, article and whether
    another reviewer gave a verdict in the same round (an EXISTS per row), and their evidence.
    ``can_change``: the claim is still pending in that round and no other verdict is in
    (``services.verdicts.verdict_change_refusal``); ``can_undo``: that, and it is the newest verdict
    and under two minutes old.
    """
    others = Review.objects.filter(claim_id=OuterRef("claim_id"), review_round=OuterRef("review_round")).exclude(
        reviewer=reviewer
    )
    rows = list(
        Review.objects.filter(reviewer=reviewer)
        .select_related("claim", "claim__article")
        .annotate(other_verdict=Exists(others))
        .prefetch_related("evidence")
        .order_by("-created_at", "-pk")[:limit]
    )
    now = timezone.now()
    for index, review in enumerate(rows):
        claim = review.claim
        review.can_change = (  # type: ignore[attr-defined]  # a display-only attribute set on the instance for the template
            claim.status == ClaimStatus.PENDING
            and claim.review_round == review.review_round
            and not review.other_verdict  # type: ignore[attr-defined]  # an annotation (Exists) the stubs do not see on the instance
        )
        review.can_undo = review.can_change and index == 0 and now - review.created_at <= UNDO_WINDOW  # type: ignore[attr-defined]  # a display-only attribute set on the instance for the template
    return rows
