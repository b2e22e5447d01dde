"""Reads for recusals: who is recused from what, and claims stuck because everyone eligible is recused."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet

from reviews.models import ASSIGNMENT_STATES_DONE_BY_REVIEWER, Assignment, Claim, ClaimStatus, Recusal, Review
from reviews.roles import REVIEWER
from reviews.services.recusals import recusal_condition, recusal_matches

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

BLOCKED_LIMIT = 200


@dataclass(frozen=True)
class RecusalBlockedClaim:
    claim: Claim
    recused: list[str]  # usernames of the eligible reviewers, every one of them recused


def recusal_list(*, reviewer: AbstractBaseUser | None = None) -> QuerySet[Recusal]:
    recusals = Recusal.objects.select_related("reviewer", "declared_by").order_by("reviewer__username", "kind", "term")
    return recusals.filter(reviewer=reviewer) if reviewer is not None else recusals


def claims_blocked_by_recusal(*, limit: int = BLOCKED_LIMIT) -> list[RecusalBlockedClaim]:
    """Open claims that wait only because every reviewer still eligible for them is recused.

    Eligible: an active reviewer who has not held, skipped or reviewed the claim. Claims no
    recusal matches are never in the list; a claim nobody at all is eligible for is not either
    (that is a staffing problem, not a recusal one).
    """
    recusals = list(Recusal.objects.filter(reviewer__is_active=True, reviewer__groups__name=REVIEWER))
    if not recusals:
        return []
    by_reviewer: dict[int, list[Recusal]] = defaultdict(list)
    for recusal in recusals:
        by_reviewer[recusal.reviewer_id].append(recusal)
    candidates = list(
        Claim.objects.filter(status=ClaimStatus.PENDING, review_count__lt=F("required_reviews") - F("lease_count"))
        .filter(reduce(or_, (recusal_condition(recusal) for recusal in recusals)))
        .select_related("article")
        .order_by("-priority", "created_at", "pk")[:limit]
    )
    if not candidates:
        return []
    ids = [claim.pk for claim in candidates]
    done: dict[int, set[int]] = defaultdict(set)
    for claim_id, reviewer_id in Assignment.objects.filter(
        claim_id__in=ids, state__in=ASSIGNMENT_STATES_DONE_BY_REVIEWER
    ).values_list("claim_id", "reviewer_id"):
        done[claim_id].add(reviewer_id)
    for claim_id, reviewer_id in Review.objects.filter(claim_id__in=ids).values_list("claim_id", "reviewer_id"):
        done[claim_id].add(reviewer_id)
    reviewers = dict(
        get_user_model().objects.filter(is_active=True, groups__name=REVIEWER).values_list("pk", "username")
    )
    blocked: list[RecusalBlockedClaim] = []
    for claim in candidates:
        eligible = set(reviewers) - done[claim.pk]
        recused = {pk for pk in eligible if any(recusal_matches(r, claim) for r in by_reviewer.get(pk, []))}
        if eligible and recused == eligible:
            blocked.append(RecusalBlockedClaim(claim=claim, recused=sorted(reviewers[pk] for pk in recused)))
    return blocked
