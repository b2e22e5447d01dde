"""Where a user's API tokens die: password set (change, reset, admin, ``changepassword``) and deactivation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User


class RevokeApiTokensOnPasswordChange:
    """Listed in ``AUTH_PASSWORD_VALIDATORS`` for its hook, not to validate anything.

    Django calls ``password_changed()`` of every configured validator whenever a user saved after
    ``set_password()``: the password change and reset views, the admin and ``manage.py
    changepassword`` alike (a hasher upgrade at login does not count). Django sends no signal for it,
    so this is the one place that sees every password change.
    """

    def validate(self, password: str, user: User | None = None) -> None:
        return None

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            from reviews.services.tokens import tokens_revoke

            tokens_revoke(user=user, reason="Password changed or reset.")

    def get_help_text(self) -> str:
        return "Setting a new password revokes your API token."


def revoke_tokens_of_deactivated_user(sender: type, instance: User, **kwargs: Any) -> None:
    """post_save of the user model: an inactive account keeps no API token."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "is_active" not in update_fields:
        return
    if not getattr(instance, "is_active", True):
        from reviews.services.tokens import tokens_revoke

        tokens_revoke(user=instance, reason="Account deactivated.")
