from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


class WebhookEvent(models.TextChoices):
    ARTICLE_INGESTED = "article.ingested", "Article ingested"
    CLAIM_FINALISED = "claim.finalised", "Claim finalised"
    DISAGREEMENT_RAISED = "claim.disputed", "Disagreement raised"
    REPORT_READY = "report.ready", "Report ready"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


SECRET_HINT_LENGTH = 6


def new_webhook_secret() -> str:
    return secrets.token_hex(32)


class WebhookEndpoint(models.Model):
    """An editor-registered URL that receives signed POSTs for the events it subscribes to."""

    url = models.URLField(max_length=1000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="Subscribed event names, e.g. ['claim.finalised'].")
    secret = models.CharField(max_length=64, default=new_webhook_secret, help_text="HMAC-SHA256 signing key.")
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event: str) -> bool:
        return self.is_active and event in self.events

    @property
    def secret_hint(self) -> str:
        """The secret's first characters, to tell which one a receiver holds; not enough to sign with.

        The secret itself is shown once, when it is made (registration, rotation); every later view shows this."""
        return f"{self.secret[:SECRET_HINT_LENGTH]}…"


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint: the row is the source of truth for its state."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # The answer's body is never stored (it could carry what an endpoint should not show editors).
    response_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the last attempt took, in milliseconds."
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["endpoint", "state"], name="webhook_delivery_state_idx")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id} ({self.state})"
