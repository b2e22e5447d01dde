"""Reads for the reviewer's desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from reviews.models import Assignment, AssignmentState, Claim, Review
from reviews.services.queue import claims_open_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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


def reviewer_progress(*, reviewer: AbstractBaseUser) -> ReviewerProgress:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    mine = Review.objects.filter(reviewer=reviewer)
    return ReviewerProgress(
        done_today=mine.filter(created_at__gte=today).count(),
        done_total=mine.count(),
        waiting=claims_open_for(reviewer=reviewer).count(),
    )


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
