from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.api.fields import FutureDateField
from reviews.api.serializers.base import InputSerializer
from reviews.models import AuditEvent, Claim, EvidenceLink, ModelVersion, Review
from reviews.selectors.claims import review_progress_visible
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


class ModelVersionRefSerializer(serializers.Serializer):
    """A model version (reviews.models.ModelVersion): admins see its figures and roll back in the admin."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text="`shipped` (the weights in the package, or the rules) or kind-N.")
    kind = serializers.CharField()
    state = serializers.CharField(help_text="`active`, `candidate` or `retired` (now, not when it scored).")


def _version_ref(version: ModelVersion) -> dict[str, object]:
    return {"id": version.pk, "name": version.name, "kind": version.kind, "state": version.state}


class ClaimSerializer(serializers.ModelSerializer):
    cues = CueSerializer(many=True, read_only=True)
    rereview_due = serializers.SerializerMethodField(help_text="The re-review date has come; decide again.")
    checkworthiness_model = serializers.SerializerMethodField(
        help_text="The check-worthiness model version that scored the claim (null: added by an editor)."
    )
    status_model = serializers.SerializerMethodField(
        help_text="The status model version that suggested its status (null: added by an editor)."
    )
    review_count = serializers.SerializerMethodField(
        help_text="Verdicts given in this round: for editors and admins only, null for anyone else (a reviewer "
        "learns nothing about other reviews before giving theirs)."
    )

    def get_rereview_due(self, claim: Claim) -> bool:
        return claim_rereview_due(claim)

    @extend_schema_field(serializers.IntegerField(allow_null=True, read_only=True))
    def get_review_count(self, claim: Claim) -> int | None:
        """The count for those ``review_progress_visible`` lets see it; no request in the context sees nothing."""
        request = self.context.get("request")
        return claim.review_count if review_progress_visible(user=request.user if request else None) else None

    @extend_schema_field(ModelVersionRefSerializer(allow_null=True, read_only=True))
    def get_checkworthiness_model(self, claim: Claim) -> dict[str, object] | None:
        return self._version(claim, "checkworthiness_model")

    @extend_schema_field(ModelVersionRefSerializer(allow_null=True, read_only=True))
    def get_status_model(self, claim: Claim) -> dict[str, object] | None:
        return self._version(claim, "status_model")

    def _version(self, claim: Claim, field: str) -> dict[str, object] | None:
        """The version from the claim when its selector joined it, else from one read of every version per
        response (a small table), so a list never costs a query per claim."""
        version_id = getattr(claim, f"{field}_id")
        if version_id is None:
            return None
        if Claim._meta.get_field(field).is_cached(claim):  # type: ignore[union-attr]  # a ForeignKey, which has is_cached
            return _version_ref(getattr(claim, field))
        root = self.root or self
        versions: dict[int, ModelVersion] | None = getattr(root, "_model_versions", None)
        if versions is None or version_id not in versions:
            versions = {version.pk: version for version in ModelVersion.objects.only("id", "name", "kind", "state")}
            root._model_versions = versions  # type: ignore[attr-defined]  # a per-response cache on the serializer
        version = versions.get(version_id)
        return _version_ref(version) if version else None

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
            "checkworthiness_model",
            "status_model",
            "created_at",
        ]


class RereviewInputSerializer(InputSerializer):
    rereview_on = FutureDateField(allow_null=True, help_text="A future date, or null to remove it.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "before", "after", "reason"]


class ClaimListSerializer(ClaimSerializer):
    article_title = serializers.CharField(source="article.title", read_only=True)
    desk = serializers.CharField(source="article.desk", read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "article_title", "desk", "finalised_at"]


class ClaimDetailSerializer(ClaimListSerializer):
    """A claim with the reviews and history the caller may see (blind review for reviewers)."""

    reviews = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(ClaimListSerializer.Meta):
        fields = [*ClaimListSerializer.Meta.fields, "reviews", "history"]

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, claim: Claim) -> list[dict[str, object]]:
        return ReviewSerializer(self.context["reviews"], many=True).data  # type: ignore[return-value]  # DRF's .data is a ReturnList typed as its base; it is a list of dicts

    @extend_schema_field(ClaimEventSerializer(many=True))
    def get_history(self, claim: Claim) -> list[dict[str, object]]:
        return ClaimEventSerializer(self.context["history"], many=True).data  # type: ignore[return-value]  # DRF's .data is a ReturnList typed as its base; it is a list of dicts
