"""Shapes of the API. Input and output serializers are separate where they differ."""

from __future__ import annotations

from rest_framework import serializers

from reviews.models import Article, Assignment, Claim, EvidenceLink, Report, ReportFormat, Review, Verdict


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


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, source="claim_total")

    class Meta:
        model = Article
        fields = ["id", "title", "source_url", "desk", "language", "ingested_at", "claim_count"]


class ArticleDetailSerializer(serializers.ModelSerializer):
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "source_url",
            "desk",
            "language",
            "ingested_at",
            "cleaned_text",
            "content_hash",
            "priority",
            "deadline",
            "required_reviews",
            "claims",
        ]


class ArticleCreateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, trim_whitespace=False, help_text="The article text.")
    file = serializers.FileField(required=False, help_text="Or a UTF-8 text file.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if bool(attrs.get("file")) == bool(attrs.get("text")):
            raise serializers.ValidationError("Send either `text` or `file`, not both and not neither.")
        return attrs


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
