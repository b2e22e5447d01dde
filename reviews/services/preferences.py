"""A reviewer's page preferences, kept with the account (any browser, any device)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviews.models import ReviewerPreference

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def preference_set_shortcut_help(*, user: User, hidden: bool) -> None:
    """Remember whether the reviewer hid the shortcut help (so it stays hidden on every claim page)."""
    ReviewerPreference.objects.update_or_create(user=user, defaults={"shortcut_help_hidden": hidden})


def preference_shortcut_help_hidden(*, user: User) -> bool:
    return ReviewerPreference.objects.filter(user=user, shortcut_help_hidden=True).exists()
