"""django-axes' database handler plus the per-account limit (reviews/services/login_limits.py)."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.http import HttpRequest

from reviews.services.login_limits import account_cooling_off


class NewsroomAxesHandler(AxesDatabaseHandler):
    def is_locked(self, request: HttpRequest, credentials: dict[str, object] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return account_cooling_off(
            username=get_client_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None),
        )
