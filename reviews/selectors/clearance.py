"""How an article's clearance for publication was reached: the one reading every page, API and report uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviews.models import Article


class ClearanceState:
    CLEARED = "cleared"
    CLEARED_WITH_OVERRIDE = "cleared_with_override"
    NOT_CLEARED = "not_cleared"


CLEARANCE_LABELS = {
    ClearanceState.CLEARED: "Cleared",
    ClearanceState.CLEARED_WITH_OVERRIDE: "Cleared with override",
    ClearanceState.NOT_CLEARED: "Not cleared",
}


@dataclass(frozen=True)
class Clearance:
    state: str
    reason: str
    by: str | None
    at: datetime | None

    @property
    def label(self) -> str:
        return CLEARANCE_LABELS[self.state]

    def as_dict(self) -> dict[str, object]:
        """The API and report shape: ``{state, label, reason, by, at}`` (``at`` in ISO 8601)."""
        return {
            "state": self.state,
            "label": self.label,
            "reason": self.reason,
            "by": self.by,
            "at": self.at.isoformat() if self.at else None,
        }


def clearance_from(*, cleared_at: datetime | None, override_reason: str, cleared_by: str | None) -> Clearance:
    if cleared_at is None:
        return Clearance(ClearanceState.NOT_CLEARED, "", None, None)
    state = ClearanceState.CLEARED_WITH_OVERRIDE if override_reason else ClearanceState.CLEARED
    return Clearance(state, override_reason, cleared_by, cleared_at)


def article_clearance(article: Article | dict[str, Any]) -> Clearance:
    """The clearance of an article instance (``cleared_by`` selected with it) or of a values() row
    holding ``cleared_at``, ``clearance_override_reason`` and ``cleared_by__username``."""
    if isinstance(article, dict):
        return clearance_from(
            cleared_at=article.get("cleared_at"),
            override_reason=article.get("clearance_override_reason") or "",
            cleared_by=article.get("cleared_by__username"),
        )
    by = article.cleared_by.get_username() if article.cleared_by_id is not None and article.cleared_by else None
    return clearance_from(
        cleared_at=article.cleared_at, override_reason=article.clearance_override_reason, cleared_by=by
    )
