from __future__ import annotations

from django.http import HttpRequest

from reviews.roles import is_admin, is_editor, is_reviewer


def roles(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "is_reviewer": is_reviewer(user),
        "is_editor": is_editor(user),
        "is_admin": is_admin(user),
    }
