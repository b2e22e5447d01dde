from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.api.fields import LinkField
from reviews.api.serializers.base import InputSerializer
from reviews.api.serializers.claims import ClaimSerializer
from reviews.models import Article, PageFetch
from reviews.selectors.clearance import CLEARANCE_LABELS, article_clearance
from reviews.selectors.readiness import article_readiness


class ReadinessSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        help_text="Items that count: the claims (withdrawn ones do not), or 1 while the article is in triage."
    )
    unresolved = serializers.IntegerField(help_text="Pending, disputed or flagged claims, or 1 in triage.")
    ready = serializers.BooleanField(
        help_text='A human decided: every claim final (at least one decided), or "nothing to check" confirmed.'
    )
    label = serializers.CharField(help_text='"N of M claims unresolved".')


def extraction_notice(article: Article) -> str | None:
    """The notice shown wherever an article not detected as English appears (pages and API)."""
    if not article.shows_language_notice:
        return None
    detected = "could not be determined" if article.language == "und" else f"was detected as {article.language}"
    return (
        f"This article's language {detected}. Automatic claim extraction is English-only: no claims were "
        "extracted, and an editor decides whether it has anything to check."
    )


class ClearanceSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=list(CLEARANCE_LABELS),
        help_text="`cleared`: every claim was final; `cleared_with_override`: cleared with claims unresolved.",
    )
    label = serializers.CharField(help_text='"Cleared", "Cleared with override" or "Not cleared".')
    reason = serializers.CharField(help_text="The override reason (empty unless cleared with override).")
    by = serializers.CharField(allow_null=True, help_text="Username of the editor who cleared it.")
    at = serializers.DateTimeField(allow_null=True)


class ArticleStateMixin(serializers.Serializer):
    """Version, readiness, triage and clearance: the same fields on the list and the detail."""

    readiness = serializers.SerializerMethodField()
    clearance = serializers.SerializerMethodField()
    cleared_by = serializers.CharField(source="cleared_by.username", read_only=True, default=None, allow_null=True)
    extraction_notice = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="This article in the API.")
    triage_decided_by = serializers.CharField(
        source="triage_decided_by.username", read_only=True, default=None, allow_null=True
    )

    @extend_schema_field(ReadinessSerializer)
    def get_readiness(self, article: Article) -> dict[str, object]:
        readiness = article_readiness(article)
        return {
            "total": readiness.items,
            "unresolved": readiness.unresolved_items,
            "ready": readiness.ready,
            "label": readiness.label,
        }

    def get_url(self, article: Article) -> str:
        return reverse("article-detail", args=[article.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_extraction_notice(self, article: Article) -> str | None:
        return extraction_notice(article)

    @extend_schema_field(ClearanceSerializer)
    def get_clearance(self, article: Article) -> dict[str, object]:
        return article_clearance(article).as_dict()


# What a web page states about itself (empty for text articles): shown and recorded, never trusted.
# `final_url` is where a fetched page was read after redirects (seen by us, not stated by the page).
PAGE_FIELDS = ["origin", "byline", "published_on", "canonical_url", "final_url", "site_name"]

STATE_FIELDS = [
    "url",
    "state",
    "refusal",
    "declared_language",
    "extraction_notice",
    "triage_decided_by",
    "triage_decided_at",
    "triage_reason",
    "version",
    "previous_version",
    "readiness",
    "clearance",
    "cleared_at",
    "cleared_by",
    "clearance_override_reason",
]


class ArticleSerializer(ArticleStateMixin, serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, source="claim_total")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "source_url",
            "desk",
            "language",
            "ingested_at",
            "claim_count",
            *PAGE_FIELDS,
            *STATE_FIELDS,
        ]


class ArticleClearSerializer(InputSerializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Required while claims are unresolved; recorded in the audit trail and printed on reports.",
    )


class ArticleTriageSerializer(InputSerializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why the article has nothing to check; recorded in the audit trail."
    )


class ArticleDetailSerializer(ArticleStateMixin, serializers.ModelSerializer):
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
            *PAGE_FIELDS,
            *STATE_FIELDS,
            "claims",
        ]


class ArticleCreateSerializer(InputSerializer):
    text = serializers.CharField(required=False, trim_whitespace=False, help_text="The article text.")
    file = serializers.FileField(required=False, help_text="Or a UTF-8 text file.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source_url = LinkField(required=False, allow_blank=True, max_length=1000)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if bool(attrs.get("file")) == bool(attrs.get("text")):
            raise serializers.ValidationError("Send either `text` or `file`, not both and not neither.")
        return attrs


class _ArticleMetadataSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source_url = LinkField(required=False, allow_blank=True, max_length=1000)
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ArticleTextInputSerializer(_ArticleMetadataSerializer):
    """Schema only: an article sent as JSON or a form, with its text."""

    text = serializers.CharField(trim_whitespace=False, help_text="The article text (UTF-8).")


class ArticleFileInputSerializer(_ArticleMetadataSerializer):
    """Schema only: an article uploaded as a UTF-8 text file (multipart)."""

    file = serializers.FileField(help_text="A UTF-8 text file.")


class ArticlePageInputSerializer(_ArticleMetadataSerializer):
    """A saved web page (multipart): its main text and metadata are extracted, then it is ingested."""

    file = serializers.FileField(
        help_text='A saved HTML page (as the browser\'s "Save page as" writes it), up to `WEBPAGE_MAX_BYTES`.'
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Defaults to the page's headline."
    )
    source_url = LinkField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Where the page was published; not fetched. The page's own canonical link is recorded apart.",
    )


class ArticleFetchInputSerializer(InputSerializer):
    """A page to fetch from its URL and ingest (public HTTPS addresses only)."""

    url = LinkField(
        max_length=1000,
        help_text=(
            "The page's address: HTTPS, resolving to public addresses only. Redirects are followed up to "
            "`WEBPAGE_FETCH_MAX_REDIRECTS`, each one checked the same way. Recorded as the article's `source_url`."
        ),
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Defaults to the page's headline."
    )
    desk = serializers.CharField(required=False, allow_blank=True, max_length=100)


class PageFetchSerializer(serializers.ModelSerializer):
    """A web page asked for by URL: fetched and ingested by a background task. Follow `url` until
    `state` leaves `pending`: `done` names the `article`; `failed` keeps the address and says why
    (`error_code`, `error`), and for `duplicate_article` names the article already stored."""

    url = serializers.SerializerMethodField(help_text="This fetch in the API: poll it.")
    article_url = serializers.SerializerMethodField(help_text="The article in the API, once there is one.")
    requested_by = serializers.CharField(source="requested_by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = PageFetch
        fields = [
            "id",
            "url",
            "page_url",
            "title",
            "desk",
            "state",
            "attempts",
            "error_code",
            "error",
            "article",
            "article_url",
            "requested_by",
            "requested_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_url(self, row: PageFetch) -> str:
        return reverse("page-fetch-detail", args=[row.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_article_url(self, row: PageFetch) -> str | None:
        return reverse("article-detail", args=[row.article_id]) if row.article_id else None
