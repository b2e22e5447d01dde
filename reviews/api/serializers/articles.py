from __future__ import annotations

from rest_framework import serializers

from reviews.api.serializers.claims import ClaimSerializer
from reviews.models import Article


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, source="claim_total")

    class Meta:
        model = Article
        fields = ["id", "title", "source_url", "desk", "language", "ingested_at", "claim_count"]


class ArticleDetailSerializer(serializers.ModelSerializer):
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "source_url",
            "desk",
            "language",
            "ingested_at",
            "cleaned_text",
            "content_hash",
            "priority",
            "deadline",
            "required_reviews",
            "claims",
        ]


class ArticleCreateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, trim_whitespace=False, help_text="The article text.")
    file = serializers.FileField(required=False, help_text="Or a UTF-8 text file.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if bool(attrs.get("file")) == bool(attrs.get("text")):
            raise serializers.ValidationError("Send either `text` or `file`, not both and not neither.")
        return attrs
