"""Reads for verdict shelf-life: is a claim's verdict due for re-review on a given day?"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from reviews.models import Claim


def claim_rereview_due(claim: Claim, *, on: date | None = None) -> bool:
    """True from the re-review date on, until the claim is decided again.

    The report code calls this with the compile date: a verdict past its shelf-life is flagged.
    """
    if claim.rereview_on is None:
        return False
    on = on or timezone.localdate()
    if claim.rereview_on > on:
        return False
    return claim.finalised_at is None or timezone.localdate(claim.finalised_at) < claim.rereview_on
