from __future__ import annotations

from rest_framework import serializers

from reviews.api.fields import LinkField
from reviews.api.serializers.base import InputSerializer
from reviews.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointSerializer(serializers.ModelSerializer):
    """An endpoint as every later read shows it: the secret's hint, never the secret (shown once, when made)."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))
    secret_hint = serializers.CharField(
        read_only=True, help_text="The signing secret's first characters, to tell which one a receiver holds."
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "events", "is_active", "secret_hint", "created_at"]


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """An endpoint just registered or given a new secret: this answer is the only one that carries the secret."""

    secret = serializers.CharField(
        read_only=True,
        help_text=(
            "The HMAC-SHA256 key that signs `X-Newsroom-Signature`. Copy it now: it is never shown again "
            "(rotate it to get a new one)."
        ),
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookEndpointInputSerializer(InputSerializer):
    url = LinkField(max_length=1000, help_text="HTTPS to a host that resolves to public addresses only.")
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class WebhookEndpointUpdateSerializer(InputSerializer):
    url = LinkField(required=False, max_length=1000)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1, required=False
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)
    is_active = serializers.BooleanField(required=False)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event",
            "payload",
            "state",
            "attempts",
            "response_code",
            "response_ms",
            "error",
            "created_at",
            "last_attempt_at",
            "delivered_at",
        ]
