from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from reviews.api.fields import IdField
from reviews.api.serializers.base import InputSerializer
from reviews.models import ClaimStatus, Report, ReportFormat, ReportScope
from reviews.selectors.report_document import AUDIENCES, PUBLISHER
from reviews.selectors.reports import report_is_stale


class ReportCreateSerializer(InputSerializer):
    """One article (``article``) or a batch (``scope=batch`` with a date range and optional filters)."""

    scope = serializers.ChoiceField(choices=[ReportScope.ARTICLE, ReportScope.BATCH], default=ReportScope.ARTICLE)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    article = IdField(required=False)
    since = serializers.DateField(required=False, help_text="Batch: first day, inclusive.")
    until = serializers.DateField(required=False, help_text="Batch: last day, inclusive.")
    date_field = serializers.ChoiceField(
        choices=["ingested", "reviewed", "any"], default="ingested", help_text="Batch: which date selects articles."
    )
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=ClaimStatus.choices), required=False)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reviewer = serializers.CharField(required=False, allow_blank=True, max_length=150, help_text="Username.")
    excel_bom = serializers.BooleanField(default=False, help_text="CSV: start with a byte-order mark for Excel.")
    audience = serializers.ChoiceField(
        choices=AUDIENCES,
        default=PUBLISHER,
        help_text="publisher: roles instead of names, no audit detail; audit: every verdict, decision and the trail.",
    )
    names = serializers.BooleanField(default=False, help_text="Publisher report: name people instead of roles.")

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if attrs["scope"] == ReportScope.ARTICLE and "article" not in attrs:
            raise serializers.ValidationError({"article": "An article report needs an article id."})
        return attrs

    def parameters(self) -> dict[str, object]:
        data = self.validated_data
        return {
            name: data[name]
            for name in ("since", "until", "date_field", "statuses", "desk", "reviewer")
            if name in data
        }


class _ReportFormatSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    excel_bom = serializers.BooleanField(default=False, help_text="CSV: start with a byte-order mark for Excel.")
    audience = serializers.ChoiceField(
        choices=AUDIENCES,
        default=PUBLISHER,
        help_text="publisher: roles instead of names, no audit detail; audit: every verdict, decision and the trail.",
    )
    names = serializers.BooleanField(default=False, help_text="Publisher report: name people instead of roles.")


class ArticleReportInputSerializer(_ReportFormatSerializer):
    """Schema only: one article's report (``scope`` may be left out)."""

    scope = serializers.ChoiceField(choices=[ReportScope.ARTICLE], required=False)
    article = IdField()


class BatchReportInputSerializer(_ReportFormatSerializer):
    """Schema only: a batch of articles selected by a date range (a start, an end or both) and filters."""

    scope = serializers.ChoiceField(choices=[ReportScope.BATCH])
    since = serializers.DateField(required=False, help_text="First day, inclusive (this or `until` is required).")
    until = serializers.DateField(required=False, help_text="Last day, inclusive, not before `since`.")
    date_field = serializers.ChoiceField(
        choices=["ingested", "reviewed", "any"], default="ingested", help_text="Which date selects articles."
    )
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=ClaimStatus.choices), required=False)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reviewer = serializers.CharField(required=False, allow_blank=True, max_length=150, help_text="Username.")


# The request body as the schema states it: exactly one of the two shapes (``article`` is required for an
# article report; a batch needs ``since`` or ``until``: ``document_report_scope`` adds that ``anyOf``).
REPORT_REQUEST = PolymorphicProxySerializer(
    component_name="ReportRequest",
    serializers=[ArticleReportInputSerializer, BatchReportInputSerializer],
    resource_type_field_name=None,
)


class ReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    audience = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField(help_text="Claims changed after the report was compiled.")
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "scope",
            "format",
            "audience",
            "article",
            "parameters",
            "state",
            "progress_done",
            "progress_total",
            "error",
            "dispatch_error",
            "attempts",
            "checksum",
            "size_bytes",
            "requested_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "stale",
            "download_url",
        ]

    def get_audience(self, report: Report) -> str:
        return str(report.parameters.get("audience") or PUBLISHER)

    def get_stale(self, report: Report) -> bool:
        return report.state == "done" and report_is_stale(report=report)

    def get_download_url(self, report: Report) -> str | None:
        if report.state != "done":
            return None
        request = self.context.get("request")
        path = f"/api/v1/reports/{report.pk}/download/"
        return request.build_absolute_uri(path) if request else path
