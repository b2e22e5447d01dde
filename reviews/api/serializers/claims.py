from __future__ import annotations

from rest_framework import serializers

from reviews.models import Claim, EvidenceLink, Review
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


class RereviewInputSerializer(serializers.Serializer):
    rereview_on = serializers.DateField(allow_null=True, help_text="A future date, or null to remove it.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
