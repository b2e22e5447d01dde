from __future__ import annotations

from rest_framework import serializers

from reviews.api.fields import LinkField
from reviews.api.serializers.base import InputSerializer
from reviews.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "events", "is_active", "secret", "created_at"]


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
