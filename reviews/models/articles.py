from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

if TYPE_CHECKING:
    from reviews.selectors.clearance import Clearance


class ArticleState(models.TextChoices):
    """Where an article stands before its claims can be reviewed (``Article.state``)."""

    REVIEW = "review", "Claims under review"
    TRIAGE = "triage", "Triage: not English, waiting for an editor"
    NOTHING_TO_CHECK = "nothing_to_check", "Confirmed by an editor: nothing to check"
    # A large article is stored at once and extracted by a Celery task (ARTICLE_ASYNC_MIN_BYTES).
    EXTRACTING = "extracting", "Extracting claims"
    REFUSED = "refused", "Refused: no check-worthy claims"
    FAILED = "failed", "Extraction failed"


# Articles that are not (or not yet) versions of anything: still extracting, refused, or failed.
NOT_INGESTED_STATES = frozenset({ArticleState.EXTRACTING, ArticleState.REFUSED, ArticleState.FAILED})


class ArticleOrigin(models.TextChoices):
    """How the article reached us (``Article.origin``)."""

    TEXT = "text", "Text (file or paste)"
    PAGE = "page", "Saved web page"
    URL = "url", "Web page fetched from its URL"


class Article(models.Model):
    """One ingested article: the raw scrape, its cleaned text and where it came from."""

    title = models.CharField(max_length=500)
    source_url = models.URLField(max_length=1000, blank=True)
    desk = models.CharField(max_length=100, blank=True, db_index=True, help_text="Desk or topic.")
    raw_text = models.TextField()
    cleaned_text = models.TextField()
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised raw text (reviews/extraction/fingerprint.py)."
    )
    language = models.CharField(max_length=12, default="en", help_text="Detected language; extraction is English-only.")
    declared_language = models.CharField(
        max_length=12, blank=True, help_text="The language a saved web page declares (recorded, never trusted)."
    )
    # Where a web page came from and what it says about itself (saved page or URL; empty for text).
    # The page declares these: they are shown and recorded, never used to decide anything.
    origin = models.CharField(max_length=10, choices=ArticleOrigin.choices, default=ArticleOrigin.TEXT)
    byline = models.CharField(max_length=500, blank=True, help_text="The page's author(s), as it states them.")
    published_on = models.DateField(null=True, blank=True, help_text="The publication date the page states.")
    canonical_url = models.URLField(max_length=1000, blank=True, help_text="The page's own canonical link.")
    final_url = models.URLField(
        max_length=1000,
        blank=True,
        help_text="Where a page fetched by URL was finally read, after redirects (empty when not fetched).",
    )
    site_name = models.CharField(max_length=200, blank=True, help_text="The site's name, as the page states it.")
    # Triage: an article not detected as English gets no automatic claims and waits for an editor,
    # who confirms "nothing to check" (with a reason) or adds claims by hand.
    state = models.CharField(max_length=20, choices=ArticleState.choices, default=ArticleState.REVIEW, db_index=True)
    triage_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triage_decided_at = models.DateTimeField(null=True, blank=True)
    triage_reason = models.TextField(blank=True, help_text='Why the editor confirmed "nothing to check".')
    # Set when the extraction task refused the article (no claims) or failed: shown on its page and in the API.
    refusal = models.TextField(blank=True)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    priority = models.IntegerField(default=0, help_text="Higher is reviewed first.")
    deadline = models.DateTimeField(null=True, blank=True)
    required_reviews = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    # Corrections: re-ingesting changed text from the same source URL makes a new version.
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    version = models.PositiveIntegerField(default=1)
    # Publication gate: set by ``article_clear`` only.
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clearance_override_reason = models.TextField(
        blank=True, help_text="Why it was cleared with claims still unresolved (empty: all were final)."
    )

    class Meta:
        ordering = ["-ingested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(required_reviews__gte=1, required_reviews__lte=3),
                name="article_required_reviews_1_to_3",
            )
        ]
        indexes = [models.Index(fields=["source_url", "-version"], name="article_source_version_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    @property
    def shows_language_notice(self) -> bool:
        """Its language was judged and is not English: automatic extraction did not run on it."""
        return self.language != "en" and self.state not in NOT_INGESTED_STATES

    @property
    def is_extracting(self) -> bool:
        return self.state == ArticleState.EXTRACTING

    @property
    def in_triage(self) -> bool:
        return self.state == ArticleState.TRIAGE

    @property
    def is_cleared(self) -> bool:
        return self.cleared_at is not None

    @property
    def cleared_with_override(self) -> bool:
        return self.cleared_at is not None and bool(self.clearance_override_reason)

    @property
    def clearance(self) -> Clearance:
        """How the clearance was reached (``reviews.selectors.clearance.Clearance``): state, reason, by, at."""
        from reviews.selectors.clearance import article_clearance

        return article_clearance(self)


class Desk(models.Model):
    """A desk (topic) as a record editors manage: the review defaults its new articles start with.

    An article names its desk by ``Article.desk`` (free text, as before); when a desk record of that
    name exists, a newly ingested article takes its defaults. Changing a desk never changes the
    articles already ingested (each article has its own settings, changed on its page).
    """

    name = models.CharField(max_length=100, unique=True)
    default_required_reviews = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="Independent reviews per claim for new articles of this desk (1-3).",
    )
    default_priority = models.IntegerField(default=0, help_text="Priority of new articles (higher first).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
