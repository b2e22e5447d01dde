from __future__ import annotations

from rest_framework import serializers
from rest_framework.authtoken.models import Token


class ApiTokenSerializer(serializers.ModelSerializer):
    token = serializers.CharField(source="key", read_only=True, help_text="Send as `Authorization: Token <token>`.")
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Token
        fields = ["token", "username", "created"]
