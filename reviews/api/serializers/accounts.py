from __future__ import annotations

from rest_framework import serializers

from reviews.api.serializers.base import InputSerializer


class TokenInputSerializer(InputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=1024, trim_whitespace=False, style={"input_type": "password"})
