from __future__ import annotations

from django.conf import settings
from django.db import models


class CorrectionKind(models.TextChoices):
    NOT_A_CLAIM = "not_a_claim", "Not a claim"
    TEXT_EDITED = "text_edited", "Claim text edited"
    SPLIT = "split", "Claim split in two"
    ADDED = "added", "Missed claim added"


class CorrectionState(models.TextChoices):
    PROPOSED = "proposed", "Proposed by a reviewer"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ExtractionCorrection(models.Model):
    """A human correction of what the extractor produced; exported to feed the extraction evaluation.

    Reviewers propose "not a claim"; editors confirm or reject it, and make the other kinds directly
    (those are born confirmed). Rows are written by services only and never edited afterwards
    except for the decision on a proposal.
    """

    kind = models.CharField(max_length=20, choices=CorrectionKind.choices)
    state = models.CharField(max_length=12, choices=CorrectionState.choices, default=CorrectionState.PROPOSED)
    article = models.ForeignKey("reviews.Article", on_delete=models.CASCADE, related_name="corrections")
    claim = models.ForeignKey(
        "reviews.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="corrections"
    )
    before_text = models.TextField(blank=True)
    after_text = models.TextField(blank=True, help_text="For a split: the two parts, one per line.")
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Span in the article's cleaned text.")
    end = models.PositiveIntegerField(null=True, blank=True)
    label = models.CharField(max_length=20, blank=True, help_text="Suggested status of an added claim.")
    reason = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]
        indexes = [models.Index(fields=["state", "kind"], name="correction_state_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.state}) on article {self.article_id}"
