"""Reads for claims: the editor's filterable list, one claim with its reviews and history, reviewer scoping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from reviews.models import Assignment, AssignmentState, AuditEvent, Claim, Review
from reviews.roles import is_editor

if TYPE_CHECKING:
    from reviews.roles import UserLike


def claim_list() -> QuerySet[Claim]:
    return Claim.objects.select_related("article").order_by("-created_at", "-id")


def claim_list_visible_to(*, user: UserLike) -> QuerySet[Claim]:
    """Editors see every claim; a reviewer only the claims they hold now or have reviewed."""
    claims = claim_list()
    if is_editor(user):
        return claims
    holds = Assignment.objects.filter(
        claim=OuterRef("pk"), reviewer_id=user.pk, state=AssignmentState.ACTIVE, expires_at__gt=timezone.now()
    )
    reviewed = Review.objects.filter(claim=OuterRef("pk"), reviewer_id=user.pk)
    return claims.filter(Q(Exists(holds)) | Q(Exists(reviewed)))


def claim_reviews_visible_to(*, user: UserLike, claim: Claim) -> list[Review]:
    """Blind review: a reviewer sees the others' verdicts only once their own is in.

    ``claim`` must come from ``claim_get_detail`` (reviews prefetched).
    """
    reviews = list(claim.reviews.all())
    if is_editor(user) or any(review.reviewer_id == user.pk for review in reviews):
        return reviews
    return []


def claim_history_visible_to(*, user: UserLike, claim: Claim) -> list[AuditEvent]:
    """Editors see the whole audit trail of the claim; a reviewer only their own actions on it."""
    events = list(claim.audit_events.all())
    if is_editor(user):
        return events
    return [event for event in events if event.actor_id == user.pk]


def claim_get_detail(*, claim_id: int, claims: QuerySet[Claim] | None = None) -> Claim:
    """One claim with its article, reviews (reviewer, evidence), leases and audit trail. Raises DoesNotExist."""
    reviews = Review.objects.select_related("reviewer").prefetch_related("evidence").order_by("created_at", "id")
    events = AuditEvent.objects.select_related("actor").order_by("at", "id")
    assignments = Assignment.objects.select_related("reviewer").order_by("leased_at", "id")
    return (
        (claims if claims is not None else claim_list())
        .prefetch_related(
            Prefetch("reviews", queryset=reviews),
            Prefetch("audit_events", queryset=events),
            Prefetch("assignments", queryset=assignments),
        )
        .get(pk=claim_id)
    )
