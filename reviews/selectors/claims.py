"""Reads for claims: the editor's filterable list, one claim with its reviews and history, reviewer scoping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from reviews.models import Assignment, AssignmentState, AuditEvent, Claim, Review
from reviews.models.claims import FINAL_STATUSES
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


def claims_verdicts_visible_q(*, user: UserLike | None) -> Q:
    """Blind review, the one rule: the claims whose verdict information ``user`` may see.

    Verdict information is everything derived from the reviews of a claim: the verdicts, who gave
    them, notes, evidence, when, and counts by verdict. Editors see it for every claim; a reviewer
    only for claims they reviewed (or flagged as not a claim) themselves, or that are final. The
    claim's own status is not verdict information. Every read a reviewer can reach that filters,
    orders, searches, counts or shows review data goes through this (``ClaimFilter``, the claim
    detail); no user at all sees nothing.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if is_editor(user):
        return Q()
    own = Review.objects.filter(claim=OuterRef("pk"), reviewer_id=user.pk)
    flagged = Assignment.objects.filter(claim=OuterRef("pk"), reviewer_id=user.pk, state=AssignmentState.FLAGGED)
    return Q(status__in=FINAL_STATUSES) | Q(Exists(own)) | Q(Exists(flagged))


def review_progress_visible(*, user: UserLike | None) -> bool:
    """Whether ``user`` may see how far a claim's review round has gone: ``review_count`` (verdicts given
    this round) and ``lease_count`` (held now). Editors and admins only, for every claim, final or not.

    Stricter than ``claims_verdicts_visible_q``: a reviewer learns nothing about other reviews before
    giving theirs, not even how many there are, and having reviewed does not change that (the count
    would tell them how many colleagues are still to come). No user, or no user signed in, sees nothing.
    The API's claims (``ClaimSerializer.review_count``) and the claim's history page follow this.
    """
    return user is not None and is_editor(user)


def claim_reviews_visible_to(*, user: UserLike, claim: Claim) -> list[Review]:
    """The claim's reviews if ``user`` may see its verdict information (``claims_verdicts_visible_q``).

    ``claim`` must come from ``claim_get_detail`` (reviews and leases prefetched): no query.
    """
    reviews = list(claim.reviews.all())
    if (
        is_editor(user)
        or claim.is_final
        or any(review.reviewer_id == user.pk for review in reviews)
        or any(
            lease.reviewer_id == user.pk and lease.state == AssignmentState.FLAGGED for lease in claim.assignments.all()
        )
    ):
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
