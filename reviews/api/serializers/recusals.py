from __future__ import annotations

from rest_framework import serializers

from reviews.api.fields import IdField
from reviews.api.serializers.base import InputSerializer
from reviews.models import Recusal, RecusalKind


class RecusalSerializer(serializers.ModelSerializer):
    reviewer_username = serializers.CharField(source="reviewer.username", read_only=True)
    declared_by = serializers.CharField(source="declared_by.username", read_only=True, default=None)

    class Meta:
        model = Recusal
        fields = ["id", "reviewer", "reviewer_username", "kind", "term", "reason", "declared_by", "created_at"]


class RecusalInputSerializer(InputSerializer):
    reviewer = IdField(required=False, help_text="Editors only; reviewers recuse themselves.")
    kind = serializers.ChoiceField(choices=RecusalKind.choices)
    term = serializers.CharField(
        min_length=2, max_length=200, help_text="The desk/topic, person or organisation (at least two characters)."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class BlockedClaimSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField(source="claim.pk")
    article_id = serializers.IntegerField(source="claim.article_id")
    text = serializers.CharField(source="claim.text")
    recused = serializers.ListField(child=serializers.CharField(), help_text="Every eligible reviewer, all recused.")
