"""The newsroom's decisions as labelled examples, and the model versions admins look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from reviews.models import (
    FINAL_STATUSES,
    ClaimStatus,
    CorrectionKind,
    CorrectionState,
    ExtractionCorrection,
    ModelKind,
    ModelVersion,
)
from reviews.models import Claim as ClaimModel


@dataclass(frozen=True, slots=True)
class Decision:
    """One decided sentence: ``status`` is its final status (None when it was confirmed not a claim,
    or an editor's claim not decided yet); ``checkworthy`` 0 only for a confirmed "not a claim"."""

    claim_id: int
    text: str
    checkworthy: int
    status: str | None
    at: datetime


def learning_decisions(*, limit: int) -> list[Decision]:
    """The newest ``limit`` decisions, oldest first (time order, ties by claim id).

    A final status (supported, speculative, needs source) and a confirmed "not a claim" label the
    claim's current text, so span corrections (edited text, split parts) are labelled as corrected;
    an editor-added or corrected claim not decided yet still says "this span is a claim".
    """
    decided: dict[int, Decision] = {}
    final = (
        ClaimModel.objects.filter(status__in=[*FINAL_STATUSES, ClaimStatus.NOT_A_CLAIM], finalised_at__isnull=False)
        .order_by("-finalised_at", "-id")
        .values_list("id", "text", "status", "finalised_at")[:limit]
    )
    for claim_id, text, status, at in final:
        if at is None:
            continue
        if status == ClaimStatus.NOT_A_CLAIM:
            decided[claim_id] = Decision(claim_id, text, 0, None, at)
        else:
            decided[claim_id] = Decision(claim_id, text, 1, str(status), at)
    corrected = (
        ExtractionCorrection.objects.filter(
            kind__in=[CorrectionKind.ADDED, CorrectionKind.TEXT_EDITED],
            state=CorrectionState.CONFIRMED,
            claim__status__in=[ClaimStatus.PENDING, ClaimStatus.DISPUTED],
        )
        .order_by("-proposed_at", "-id")
        .values_list("claim_id", "claim__text", "proposed_at")[:limit]
    )
    for claim_id, text, at in corrected:
        if claim_id is not None and claim_id not in decided:
            decided[claim_id] = Decision(claim_id, text, 1, None, at)
    ordered = sorted(decided.values(), key=lambda d: (d.at, d.claim_id))
    return ordered[-limit:] if limit else ordered


def model_version_list(*, kind: str | None = None) -> QuerySet[ModelVersion]:
    rows = ModelVersion.objects.select_related("parent").defer("parameters")
    return rows.filter(kind=kind) if kind else rows


def model_version_active(*, kind: ModelKind) -> ModelVersion | None:
    return ModelVersion.objects.filter(kind=kind, state="active").first()
