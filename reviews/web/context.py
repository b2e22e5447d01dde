from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from reviews.roles import is_admin, is_editor, is_reviewer
from reviews.selectors.notifications import notification_unread_count


def roles(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "is_reviewer": is_reviewer(user),
        "is_editor": is_editor(user),
        "is_admin": is_admin(user),
        # Evaluated only where a template shows the badge (one COUNT query).
        "notifications_unread": SimpleLazyObject(
            lambda: notification_unread_count(user=user) if user.is_authenticated else 0
        ),
    }
