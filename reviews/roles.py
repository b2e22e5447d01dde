"""The three roles, as Django groups created by a data migration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ALL_ROLES = (REVIEWER, EDITOR, ADMIN)

UserLike = Union["AbstractBaseUser", "AnonymousUser"]


def account(user: UserLike) -> User:
    """The signed-in account of a request that the view's role check already let in.

    Views hand it to services, which take a ``User``; an anonymous user never gets this far (the
    decorators and permission classes turn them away first), and is refused here too.
    """
    from django.contrib.auth.models import User

    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    return user


def user_roles(user: UserLike) -> frozenset[str]:
    """The roles of ``user``, cached on the instance for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_newsroom_roles", None)
    if cached is None:
        names = set(account(user).groups.values_list("name", flat=True))
        if getattr(user, "is_superuser", False):
            names.add(ADMIN)
        cached = frozenset(names & set(ALL_ROLES))
        account(user)._newsroom_roles = cached  # type: ignore[attr-defined]  # a per-request cache on the user, not a field
    return cached


def is_admin(user: UserLike) -> bool:
    return ADMIN in user_roles(user)


def is_editor(user: UserLike) -> bool:
    """Editors and admins can do everything an editor can."""
    return bool(user_roles(user) & {EDITOR, ADMIN})


def is_reviewer(user: UserLike) -> bool:
    return REVIEWER in user_roles(user)
