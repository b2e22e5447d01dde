from __future__ import annotations

from rest_framework import serializers

from reviews.models import Report, ReportFormat


class ReportCreateSerializer(serializers.Serializer):
    article = serializers.IntegerField()
    format = serializers.ChoiceField(choices=ReportFormat.choices)


class ReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "scope",
            "format",
            "article",
            "state",
            "progress_done",
            "progress_total",
            "error",
            "checksum",
            "size_bytes",
            "requested_at",
            "started_at",
            "finished_at",
            "download_url",
        ]

    def get_download_url(self, report: Report) -> str | None:
        if report.state != "done":
            return None
        request = self.context.get("request")
        path = f"/api/v1/reports/{report.pk}/download/"
        return request.build_absolute_uri(path) if request else path
