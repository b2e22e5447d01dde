"""Reads for the notification badge and list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from reviews.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("claim", "claim__article")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
