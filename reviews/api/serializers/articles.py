from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.api.serializers.claims import ClaimSerializer
from reviews.models import Article
from reviews.selectors.readiness import article_readiness


class ReadinessSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Claims that count (withdrawn ones do not).")
    unresolved = serializers.IntegerField(help_text="Pending or disputed claims.")
    ready = serializers.BooleanField(help_text="Every claim has a final status.")
    label = serializers.CharField(help_text='"N of M claims unresolved".')


class ArticleStateMixin(serializers.Serializer):
    """Version, readiness and clearance: the same fields on the list and the detail."""

    readiness = serializers.SerializerMethodField()
    cleared_by = serializers.CharField(source="cleared_by.username", read_only=True, default=None, allow_null=True)

    @extend_schema_field(ReadinessSerializer)
    def get_readiness(self, article: Article) -> dict[str, object]:
        readiness = article_readiness(article)
        return {
            "total": readiness.total,
            "unresolved": readiness.unresolved,
            "ready": readiness.ready,
            "label": readiness.label,
        }


STATE_FIELDS = [
    "version",
    "previous_version",
    "readiness",
    "cleared_at",
    "cleared_by",
    "clearance_override_reason",
]


class ArticleSerializer(ArticleStateMixin, serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, source="claim_total")

    class Meta:
        model = Article
        fields = ["id", "title", "source_url", "desk", "language", "ingested_at", "claim_count", *STATE_FIELDS]


class ArticleClearSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Required while claims are unresolved; recorded in the audit trail and printed on reports.",
    )


class ArticleDetailSerializer(ArticleStateMixin, serializers.ModelSerializer):
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
            *STATE_FIELDS,
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


class _ArticleMetadataSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ArticleTextInputSerializer(_ArticleMetadataSerializer):
    """Schema only: an article sent as JSON or a form, with its text."""

    text = serializers.CharField(trim_whitespace=False, help_text="The article text (UTF-8).")


class ArticleFileInputSerializer(_ArticleMetadataSerializer):
    """Schema only: an article uploaded as a UTF-8 text file (multipart)."""

    file = serializers.FileField(help_text="A UTF-8 text file.")
