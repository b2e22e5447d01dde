from __future__ import annotations

from rest_framework import serializers

from reviews.api.fields import IdField
from reviews.api.serializers.base import InputSerializer
from reviews.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "claim", "created_at", "read_at"]


class NotificationReadSerializer(InputSerializer):
    ids = serializers.ListField(child=IdField(), required=False, help_text="Mark only these; omit to mark all read.")


class NotificationReadResultSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField()
