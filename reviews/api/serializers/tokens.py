from __future__ import annotations

from datetime import datetime

from rest_framework import serializers
from rest_framework.authtoken.models import Token

from reviews.services.tokens import token_expires_at


class ApiTokenSerializer(serializers.ModelSerializer):
    token = serializers.CharField(source="key", read_only=True, help_text="Send as `Authorization: Token <token>`.")
    username = serializers.CharField(source="user.username", read_only=True)
    expires_at = serializers.SerializerMethodField(help_text="It stops working then (API_TOKEN_TTL_DAYS after issue).")

    class Meta:
        model = Token
        fields = ["token", "username", "created", "expires_at"]

    def get_expires_at(self, token: Token) -> datetime:
        return token_expires_at(token)
