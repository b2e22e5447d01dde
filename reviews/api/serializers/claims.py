from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.api.fields import FutureDateField
from reviews.api.serializers.base import InputSerializer
from reviews.models import AuditEvent, Claim, EvidenceLink, Review
from reviews.selectors.shelf_life import claim_rereview_due


class CueSerializer(serializers.Serializer):
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.CharField()


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceLink
        fields = ["url", "title", "cited_at"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "reviewer",
            "verdict",
            "note",
            "evidence",
            "missing_source_kinds",
            "missing_source_note",
            "created_at",
        ]


class ClaimSerializer(serializers.ModelSerializer):
    cues = CueSerializer(many=True, read_only=True)
    rereview_due = serializers.SerializerMethodField(help_text="The re-review date has come; decide again.")

    def get_rereview_due(self, claim: Claim) -> bool:
        return claim_rereview_due(claim)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "position",
            "text",
            "start",
            "end",
            "score",
            "suggested_status",
            "cues",
            "status",
            "priority",
            "required_reviews",
            "review_count",
            "rereview_on",
            "rereview_due",
            "created_at",
        ]


class RereviewInputSerializer(InputSerializer):
    rereview_on = FutureDateField(allow_null=True, help_text="A future date, or null to remove it.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "before", "after", "reason"]


class ClaimListSerializer(ClaimSerializer):
    article_title = serializers.CharField(source="article.title", read_only=True)
    desk = serializers.CharField(source="article.desk", read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "article_title", "desk", "finalised_at"]


class ClaimDetailSerializer(ClaimListSerializer):
    """A claim with the reviews and history the caller may see (blind review for reviewers)."""

    reviews = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(ClaimListSerializer.Meta):
        fields = [*ClaimListSerializer.Meta.fields, "reviews", "history"]

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, claim: Claim) -> list[dict[str, object]]:
        return ReviewSerializer(self.context["reviews"], many=True).data  # type: ignore[return-value]  # DRF's .data is a ReturnList typed as its base; it is a list of dicts

    @extend_schema_field(ClaimEventSerializer(many=True))
    def get_history(self, claim: Claim) -> list[dict[str, object]]:
        return ClaimEventSerializer(self.context["history"], many=True).data  # type: ignore[return-value]  # DRF's .data is a ReturnList typed as its base; it is a list of dicts
