from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class RatingScale(models.Model):
    """How the three final statuses are published (one row, set by admins): a number on a scale and the
    public wording that search engines show as ``alternateName``.

    Default: 1 to 5, where 1 would mean "false". No status of this workflow says a claim is false, so no
    status defaults to the worst rating: "needs source" means the article gave no source, which is
    published as "Unsubstantiated: no source given" (2), below "Speculative" (3) and far from "Supported" (5).
    """

    worst_rating = models.PositiveSmallIntegerField(default=1)
    best_rating = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(2), MaxValueValidator(100)])
    supported_rating = models.PositiveSmallIntegerField(default=5)
    supported_wording = models.CharField(max_length=100, default="Supported by the evidence")
    speculative_rating = models.PositiveSmallIntegerField(default=3)
    speculative_wording = models.CharField(max_length=100, default="Speculative: not established")
    needs_source_rating = models.PositiveSmallIntegerField(default=2)
    needs_source_wording = models.CharField(max_length=100, default="Unsubstantiated: no source given")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(best_rating__gt=models.F("worst_rating")), name="scale_ordered"),
        ]

    def __str__(self) -> str:
        return f"Rating scale {self.worst_rating}–{self.best_rating}"

    def rating(self, status: str) -> tuple[int, str]:
        """(ratingValue, public wording) of a final status."""
        return int(getattr(self, f"{status}_rating")), str(getattr(self, f"{status}_wording"))


class Publication(models.Model):
    """A published fact-check of one claim: what the public page shows, kept as published.

    The page is keyed by ``key`` (not by the claim or article), so its URL survives article versions;
    what it shows is copied at publication (claim text, where it appeared, evidence), so a later edit
    of the article or a reviewer's note never reaches the public page unless an editor publishes again.
    """

    key = models.CharField(max_length=16, unique=True, help_text="The page's public address.")
    claim = models.OneToOneField("reviews.Claim", on_delete=models.PROTECT, related_name="publication")
    claim_text = models.TextField()
    article_title = models.CharField(max_length=500)
    article_url = models.URLField(max_length=1000, blank=True)
    article_desk = models.CharField(max_length=100, blank=True)
    # What the article's web page stated about itself (empty/None when unknown): the ClaimReview's appearance.
    article_byline = models.CharField(max_length=500, blank=True)
    article_published_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, help_text="The final status published.")
    summary = models.TextField(help_text="The public summary.")
    evidence = models.JSONField(default=list, blank=True, help_text="[{title, url}] shown on the page.")
    published_at = models.DateTimeField(help_text="First publication.")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(help_text="Last change of what the page shows (Last-Modified).")
    unpublished_at = models.DateTimeField(null=True, blank=True)
    unpublish_reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], name="publication_live_idx", condition=models.Q(unpublished_at=None)
            )
        ]

    def __str__(self) -> str:
        return f"Fact-check {self.key}: {self.claim_text[:60]}"

    @property
    def is_live(self) -> bool:
        return self.unpublished_at is None


class PublicationCorrection(models.Model):
    """A change of the published verdict or summary after publication: the page shows it with its date
    and the earlier wording."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField()
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    previous_status = models.CharField(max_length=20)
    previous_verdict = models.CharField(max_length=100, help_text="The earlier public wording of the verdict.")
    previous_summary = models.TextField()
    status = models.CharField(max_length=20)
    summary = models.TextField()

    class Meta:
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"Correction of {self.publication_id} on {self.corrected_at:%Y-%m-%d}"
