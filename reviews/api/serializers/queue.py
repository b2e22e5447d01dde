from __future__ import annotations

from rest_framework import serializers

from reviews.api.fields import FutureDateField, IdField, LinkField
from reviews.api.serializers.base import InputSerializer, QueryInputSerializer
from reviews.api.serializers.claims import ClaimSerializer
from reviews.models import Assignment, MissingSource, Verdict


class AssignmentSerializer(serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)
    article_title = serializers.CharField(source="claim.article.title", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "state", "leased_at", "expires_at", "article_title", "claim"]


class EvidenceInputSerializer(InputSerializer):
    url = LinkField(max_length=2000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class VerdictInputSerializer(InputSerializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    evidence = EvidenceInputSerializer(
        many=True, required=False, default=list, help_text="At least one link is required for `supported`."
    )
    missing_source_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=MissingSource.choices),
        required=False,
        default=list,
        help_text="For `needs_source`: what kind of source is missing (this or `missing_source_note` is required).",
    )
    missing_source_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    rereview_on = FutureDateField(
        required=False, allow_null=True, default=None, help_text="Optional re-review date (shelf-life), in the future."
    )


class ReleaseInputSerializer(InputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class NextInputSerializer(InputSerializer):
    article = IdField(required=False, allow_null=True, default=None)
    desk = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class SkipReleaseInputSerializer(ReleaseInputSerializer):
    skip = serializers.BooleanField(required=False, default=False, help_text="Skip: never hand me this claim again.")


class NotAClaimInputSerializer(InputSerializer):
    reason = serializers.CharField(max_length=2000, help_text="Why this sentence is not a check-worthy claim.")


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    state = serializers.CharField()
    claim = serializers.IntegerField(source="claim_id", allow_null=True)
    article = serializers.IntegerField(source="article_id")
    before_text = serializers.CharField()
    after_text = serializers.CharField()
    start = serializers.IntegerField(allow_null=True)
    end = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    proposed_by = serializers.CharField(source="proposed_by.username")
    proposed_at = serializers.DateTimeField()


class ProgressSerializer(serializers.Serializer):
    done_today = serializers.IntegerField()
    done_total = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Claims waiting for you (within the filter).")


class ProgressQuerySerializer(QueryInputSerializer):
    """``GET /api/v1/queue/progress/``: narrow the count to one article or desk."""

    article = IdField(required=False, help_text="Only this article")
    desk = serializers.CharField(required=False, allow_blank=True, default="", max_length=100, help_text="Only a desk")
