from __future__ import annotations

from rest_framework import serializers

from reviews.models import Claim, EvidenceLink, Review


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
        fields = ["id", "reviewer", "verdict", "note", "evidence", "created_at"]


class ClaimSerializer(serializers.ModelSerializer):
    cues = CueSerializer(many=True, read_only=True)

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
            "created_at",
        ]
