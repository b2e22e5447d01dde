from __future__ import annotations

from rest_framework import serializers

from reviews.api.fields import IdField
from reviews.api.serializers.base import InputSerializer
from reviews.api.serializers.claims import ClaimSerializer, ReviewSerializer
from reviews.api.serializers.queue import CorrectionSerializer
from reviews.models import AuditEvent, ClaimStatus, Verdict

# The final statuses are the three verdicts (same values), so decisions reuse VerdictEnum.
FINAL_CHOICES = Verdict.choices
# Offsets in a text: within what the database column holds (texts are far shorter).
POSITION_MAX = 2**31 - 1
EDITOR_CHOICES = [*FINAL_CHOICES, (ClaimStatus.NOT_A_CLAIM.value, ClaimStatus.NOT_A_CLAIM.label)]


class RoundReviewSerializer(ReviewSerializer):
    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "review_round"]


class AdjudicationClaimSerializer(ClaimSerializer):
    """A claim waiting for an editor with every verdict, note and evidence link, and open flags."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    desk = serializers.CharField(source="article.desk", read_only=True)
    reviews = RoundReviewSerializer(many=True, read_only=True)
    flags = CorrectionSerializer(source="open_flags", many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "review_round", "article_title", "desk", "reviews", "flags"]


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "before", "after", "reason", "data"]


class ClaimHistorySerializer(serializers.Serializer):
    claim = ClaimSerializer()
    reviews = RoundReviewSerializer(many=True)
    history = AuditEventSerializer(many=True)


class ReasonInputSerializer(InputSerializer):
    reason = serializers.CharField(max_length=2000)


class DecideInputSerializer(ReasonInputSerializer):
    status = serializers.ChoiceField(choices=FINAL_CHOICES)


class OverrideInputSerializer(ReasonInputSerializer):
    status = serializers.ChoiceField(choices=EDITOR_CHOICES)


class ResolveFlagInputSerializer(ReasonInputSerializer):
    confirm = serializers.BooleanField(help_text="True: not a claim. False: back to the review queue.")


class PriorityInputSerializer(InputSerializer):
    priority = serializers.IntegerField(min_value=-1000, max_value=1000)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class HandInputSerializer(InputSerializer):
    reviewer = IdField(help_text="User id of the reviewer to hand the claim to.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RevokeInputSerializer(ReasonInputSerializer):
    assignment = IdField(help_text="Id of the active lease to take back.")


class EditTextInputSerializer(ReasonInputSerializer):
    text = serializers.CharField(max_length=5000)
    start = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=POSITION_MAX)
    end = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=POSITION_MAX)


class SplitInputSerializer(ReasonInputSerializer):
    split_at = serializers.IntegerField(
        min_value=1, max_value=POSITION_MAX, help_text="Offset in the claim text where the second part starts."
    )


class SplitResultSerializer(serializers.Serializer):
    parts = ClaimSerializer(many=True)


class AddClaimInputSerializer(ReasonInputSerializer):
    article = IdField()
    start = serializers.IntegerField(
        min_value=0, max_value=POSITION_MAX, help_text="Span in the article's cleaned text."
    )
    end = serializers.IntegerField(min_value=1, max_value=POSITION_MAX)
    suggested_status = serializers.ChoiceField(choices=Verdict.choices)


class ArticleSettingsInputSerializer(InputSerializer):
    article = IdField()
    priority = serializers.IntegerField(required=False, min_value=-1000, max_value=1000)
    deadline = serializers.DateTimeField(required=False, allow_null=True)
    required_reviews = serializers.IntegerField(required=False, min_value=1, max_value=3)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ArticleSettingsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    priority = serializers.IntegerField()
    deadline = serializers.DateTimeField(allow_null=True)
    required_reviews = serializers.IntegerField()


class ClaimAgreementSerializer(serializers.Serializer):
    claims = serializers.IntegerField()
    unanimous = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class PairAgreementSerializer(serializers.Serializer):
    reviewer_a = serializers.CharField()
    reviewer_b = serializers.CharField()
    shared_claims = serializers.IntegerField()
    agreed = serializers.IntegerField()
    observed = serializers.FloatField()
    kappa = serializers.FloatField(allow_null=True)


class AgreementSerializer(serializers.Serializer):
    claims = ClaimAgreementSerializer()
    pairs = PairAgreementSerializer(many=True)
