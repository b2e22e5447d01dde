"""Article corrections: re-ingesting changed text from the same source URL makes a new version.

Design (re-point, not copy): a claim whose text is unchanged (compared with whitespace
normalised) *moves* to the new version: the same ``Claim`` row is re-pointed at the new article
with its new position and offsets, so its reviews, evidence, leases, audit trail and status come
along untouched and a reviewer holding it keeps working. Claims of the old version that are not
carried (removed or reworded) stay on the old version and are marked ``withdrawn``: out of every
queue, out of readiness counts, their active leases closed. Reworded and new sentences become new
pending claims on the new version and are queued as usual. The old version therefore keeps its
raw text and whatever the correction took away; the new version holds everything still in force.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from reviews.models import NOT_INGESTED_STATES, Article, Assignment, AssignmentState, AuditAction, Claim, ClaimStatus
from reviews.services.audit import audit_record
from reviews.services.claims import claim_status_change
from reviews.services.clearance import RevocationCause, article_clearance_revoke

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from reviews.extraction.types import ExtractedClaim


@dataclass(frozen=True)
class Correction:
    carried: int
    withdrawn: int
    fresh: list[ExtractedClaim]


def claim_text_key(text: str) -> str:
    """Two claim texts are "unchanged" when they are equal up to whitespace."""
    return " ".join(text.split())


def article_latest_version(*, source_url: str, exclude_id: int | None = None) -> Article | None:
    """The current (not superseded) version of the article published at ``source_url``."""
    if not source_url.strip():
        return None
    versions = Article.objects.filter(source_url=source_url.strip(), next_version__isnull=True).exclude(
        state__in=list(NOT_INGESTED_STATES)  # still extracting, refused or failed: no version
    )
    if exclude_id is not None:
        versions = versions.exclude(pk=exclude_id)
    return versions.order_by("-version", "-id").first()


def article_correction_apply(
    *,
    previous: Article,
    article: Article,
    extracted: Sequence[ExtractedClaim],
    user: User | None = None,
) -> Correction:
    """Carry unchanged claims from ``previous`` to ``article`` and withdraw the rest.

    Runs inside ``article_ingest``'s transaction. Returns the extracted claims that still need a
    new ``Claim`` row (changed or new text).
    """
    old_claims = list(
        Claim.objects.select_for_update().filter(article=previous).exclude(status=ClaimStatus.WITHDRAWN).order_by("pk")
    )
    by_text: dict[str, deque[Claim]] = defaultdict(deque)
    for old in sorted(old_claims, key=lambda claim: claim.position):
        by_text[claim_text_key(old.text)].append(old)
    fresh: list[ExtractedClaim] = []
    carried: list[tuple[Claim, ExtractedClaim]] = []
    for claim in extracted:
        matches = by_text.get(claim_text_key(claim.text))
        if matches:
            carried.append((matches.popleft(), claim))
        else:
            fresh.append(claim)
    for old, new in carried:
        Claim.objects.filter(pk=old.pk).update(article=article, position=new.position, start=new.start, end=new.end)
        audit_record(
            action=AuditAction.CLAIM_CARRIED,
            actor=user,
            article=article,
            claim=old,
            reason=f"unchanged in version {article.version}",
            data={"from_article": previous.pk, "from_position": old.position, "to_position": new.position},
        )
    withdrawn = [claim for queue in by_text.values() for claim in queue]
    now = timezone.now()
    for gone in withdrawn:
        Assignment.objects.filter(claim=gone, state=AssignmentState.ACTIVE).update(
            state=AssignmentState.RELEASED, closed_at=now, reason="claim withdrawn by a correction"
        )
        gone.lease_count = 0
        claim_status_change(
            claim=gone,
            status=ClaimStatus.WITHDRAWN,
            also_saved=["lease_count"],
            action=AuditAction.CLAIM_WITHDRAWN,
            actor=user,
            reason=f"removed or reworded in version {article.version} (article #{article.pk})",
        )
    article_clearance_revoke(
        article_id=previous.pk,
        cause=RevocationCause.NEW_VERSION,
        actor=user,
        reason=f"version {article.version} is article #{article.pk}",
    )
    audit_record(
        action=AuditAction.ARTICLE_CORRECTED,
        actor=user,
        article=article,
        data={
            "previous_version": previous.pk,
            "version": article.version,
            "carried": len(carried),
            "withdrawn": len(withdrawn),
            "new": len(fresh),
        },
    )
    return Correction(carried=len(carried), withdrawn=len(withdrawn), fresh=fresh)
