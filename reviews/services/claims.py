"""Changing a claim's status: one place saves the new status and writes its audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviews.models import AuditAction, AuditEvent, Claim
from reviews.services.audit import audit_event
from reviews.services.statements import Insert, Update, Write, saves_run

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.contrib.auth.models import User


def claim_status_change(
    *,
    claim: Claim,
    status: str,
    action: AuditAction,
    actor: User | None = None,
    reason: str = "",
    data: dict[str, object] | None = None,
    also_saved: Sequence[str] = (),
    audit_with: Sequence[AuditEvent] = (),
    writes_first: Sequence[Write] = (),
    only_if: tuple[tuple[str, object], ...] = (),
    refused: Exception | None = None,
) -> AuditEvent:
    """Set ``claim.status``, save it, and audit the change (``before`` -> ``after``).

    ``also_saved``: fields the caller changed on ``claim`` in memory, saved in the same UPDATE
    (``finalised_at``, counters). A status that does not change with nothing else to save writes
    no UPDATE, only the audit row. ``audit_with``: audit rows the caller built (``audit_event``) and
    has not saved, saved before this change's row in the same INSERT. ``writes_first``: the caller's
    other writes not run yet (``saves_run`` parts), run in the same statement after the claim's
    UPDATE. Caller is in the
    transaction that makes the change and holds the claim's row lock, or (``only_if``, ``refused``)
    the claim's UPDATE only applies where its columns still have the values the caller read, else
    ``refused`` is raised and nothing is written (``Update``).
    """
    before = claim.status
    claim.status = status
    event = audit_event(action=action, actor=actor, claim=claim, before=before, after=status, reason=reason, data=data)
    saved = (
        [Update(claim, (*also_saved, "status", "updated_at"), only_if=only_if, refused=refused)]
        if status != before or also_saved
        else []
    )
    # One statement on PostgreSQL; the claim's row first (the lock order of ``_close`` and the verdict).
    saves_run(*saved, *writes_first, Insert([*audit_with, event]))
    return event
