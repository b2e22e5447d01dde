from __future__ import annotations

from rest_framework import serializers

from reviews.api.serializers.base import QueryInputSerializer
from reviews.models import ClaimStatus
from reviews.selectors.dashboard import DashboardFilters


class DashboardQuerySerializer(QueryInputSerializer):
    date_from = serializers.DateField(required=False, help_text="Claims ingested and reviews made from this day.")
    date_to = serializers.DateField(required=False, help_text="... up to and including this day.")
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)
    article = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    reviewer = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(required=False, choices=ClaimStatus.choices)

    def filters(self) -> DashboardFilters:
        data = self.validated_data
        return DashboardFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            desk=data.get("desk", ""),
            article_id=data.get("article"),
            reviewer_id=data.get("reviewer"),
            status=data.get("status", ""),
        )


class StatusMixSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    final = serializers.IntegerField()
    pending = serializers.IntegerField()
    disputed = serializers.IntegerField()
    supported = serializers.IntegerField()
    speculative = serializers.IntegerField()
    needs_source = serializers.IntegerField()


class AgeBucketSerializer(serializers.Serializer):
    label = serializers.CharField()
    min_days = serializers.IntegerField()
    max_days = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()


class BacklogSerializer(serializers.Serializer):
    waiting = serializers.IntegerField()
    oldest_waiting = serializers.DateTimeField(allow_null=True)
    oldest_waiting_days = serializers.FloatField(allow_null=True)
    ages = AgeBucketSerializer(many=True)
    disputed = serializers.IntegerField(help_text="Disputed claims awaiting adjudication.")
    oldest_disputed = serializers.DateTimeField(allow_null=True)


class VerdictCountsSerializer(serializers.Serializer):
    supported = serializers.IntegerField(default=0)
    speculative = serializers.IntegerField(default=0)
    needs_source = serializers.IntegerField(default=0)


class DayPointSerializer(serializers.Serializer):
    day = serializers.DateField()
    open_claims = serializers.IntegerField(help_text="Claims not yet final at the end of the day.")
    created = serializers.IntegerField()
    finalised = serializers.IntegerField()
    reviews = VerdictCountsSerializer(help_text="Reviews made that day, by verdict.")


class ThroughputSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField()
    username = serializers.CharField()
    reviews = serializers.IntegerField()
    active_days = serializers.IntegerField()
    per_active_day = serializers.FloatField()
    median_seconds = serializers.FloatField(allow_null=True, help_text="Median time from lease to verdict.")
    last_review = serializers.DateTimeField(allow_null=True)


class DashboardAgreementSerializer(serializers.Serializer):
    multi_review_claims = serializers.IntegerField()
    agreed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ArticleProgressSerializer(serializers.Serializer):
    article_id = serializers.IntegerField()
    title = serializers.CharField()
    desk = serializers.CharField()
    ingested_at = serializers.DateTimeField()
    total = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    final = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Claims by status.")


class RecentReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    article = serializers.IntegerField(source="article_id", allow_null=True)
    format = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    mix = StatusMixSerializer()
    backlog = BacklogSerializer()
    days = DayPointSerializer(many=True)
    verdict_totals = VerdictCountsSerializer()
    throughput = ThroughputSerializer(many=True)
    agreement = DashboardAgreementSerializer()
    articles = ArticleProgressSerializer(many=True)
    reports = RecentReportSerializer(many=True)
