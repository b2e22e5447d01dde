from __future__ import annotations

from rest_framework import serializers

from reviews.api.serializers.claims import ClaimSerializer
from reviews.models import Assignment, Verdict


class AssignmentSerializer(serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)
    article_title = serializers.CharField(source="claim.article.title", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "state", "leased_at", "expires_at", "article_title", "claim"]


class EvidenceInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class VerdictInputSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    evidence = EvidenceInputSerializer(many=True, required=False, default=list)


class ReleaseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
