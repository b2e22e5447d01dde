from __future__ import annotations

from datetime import datetime

from rest_framework import serializers

from reviews.models import ApiToken
from reviews.services.tokens import token_expires_at


class ApiTokenSerializer(serializers.ModelSerializer):
    """Your token as the server keeps it: no key (only its digest is stored; the key was shown once)."""

    prefix = serializers.CharField(read_only=True, help_text="The key's first characters, to recognise it by.")
    username = serializers.CharField(source="user.username", read_only=True)
    expires_at = serializers.SerializerMethodField(help_text="It stops working then (API_TOKEN_TTL_DAYS after issue).")

    class Meta:
        model = ApiToken
        fields = ["prefix", "username", "created", "expires_at"]

    def get_expires_at(self, token: ApiToken) -> datetime:
        return token_expires_at(token)


class IssuedTokenSerializer(serializers.Serializer):
    """A token just issued or rotated, with its key: this answer is the only one that carries it."""

    token = serializers.CharField(
        source="key",
        read_only=True,
        help_text="The key. Send as `Authorization: Token <token>`. Copy it now: it is never shown again.",
    )
    prefix = serializers.CharField(source="token.prefix", read_only=True)
    username = serializers.CharField(source="token.user.username", read_only=True)
    created = serializers.DateTimeField(source="token.created", read_only=True)
    expires_at = serializers.DateTimeField(
        read_only=True, help_text="The token stops working then (API_TOKEN_TTL_DAYS after issue)."
    )
