"""The three roles, as Django groups created by a data migration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ALL_ROLES = (REVIEWER, EDITOR, ADMIN)

UserLike = Union["AbstractBaseUser", "AnonymousUser"]


def user_roles(user: UserLike) -> frozenset[str]:
    """The roles of ``user``, cached on the instance for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_newsroom_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
        if getattr(user, "is_superuser", False):
            names.add(ADMIN)
        cached = frozenset(names & set(ALL_ROLES))
        user._newsroom_roles = cached  # type: ignore[union-attr]
    return cached


def is_admin(user: UserLike) -> bool:
    return ADMIN in user_roles(user)


def is_editor(user: UserLike) -> bool:
    """Editors and admins can do everything an editor can."""
    return bool(user_roles(user) & {EDITOR, ADMIN})


def is_reviewer(user: UserLike) -> bool:
    return REVIEWER in user_roles(user)
