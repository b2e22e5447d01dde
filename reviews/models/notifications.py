from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    ADJUDICATED_AGAINST = "adjudicated_against", "Your verdict was overruled"
    RETURNED_FOR_REREVIEW = "returned_for_rereview", "A verdict is due for re-review"
    CLEARANCE_REVOKED = "clearance_revoked", "A clearance you gave was revoked"
    GENERAL = "general", "Notice"


class Notification(models.Model):
    """A message to one user, shown in the app (badge and list) and sent by email."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices, default=NotificationKind.GENERAL)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    claim = models.ForeignKey(
        "reviews.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
