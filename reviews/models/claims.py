from __future__ import annotations

from django.conf import settings
from django.db import models

from .articles import Article


class Verdict(models.TextChoices):
    SUPPORTED = "supported", "Supported"
    SPECULATIVE = "speculative", "Speculative"
    NEEDS_SOURCE = "needs_source", "Needs source"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    DISPUTED = "disputed", "Disputed: awaiting adjudication"
    SUPPORTED = "supported", "Supported"
    SPECULATIVE = "speculative", "Speculative"
    NEEDS_SOURCE = "needs_source", "Needs source"
    FLAGGED = "flagged", "Flagged as not a claim: awaiting an editor"
    NOT_A_CLAIM = "not_a_claim", "Not a claim"
    SUPERSEDED = "superseded", "Superseded (split by an editor)"
    WITHDRAWN = "withdrawn", "Withdrawn by a correction"


FINAL_STATUSES = frozenset({ClaimStatus.SUPPORTED, ClaimStatus.SPECULATIVE, ClaimStatus.NEEDS_SOURCE})
# Claims an editor must act on: reviewers disagreed, or a reviewer said the sentence is not a claim.
ADJUDICATION_STATUSES = frozenset({ClaimStatus.DISPUTED, ClaimStatus.FLAGGED})
# Claims that still need a decision before an article is ready for publication.
UNRESOLVED_STATUSES = frozenset({ClaimStatus.PENDING, ClaimStatus.DISPUTED, ClaimStatus.FLAGGED})
# Rows that are no (longer) claims of the article: they count for nothing in readiness.
UNCOUNTED_STATUSES = frozenset({ClaimStatus.NOT_A_CLAIM, ClaimStatus.SUPERSEDED, ClaimStatus.WITHDRAWN})


class Claim(models.Model):
    """A check-worthy sentence of an article, with what the extractor suggested and where it stands."""

    # No index of its own: claim_unique_position (article_id, position) serves every lookup by article
    # (a claim's update writes an entry in every index of the table: each one costs verdict WAL).
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    position = models.PositiveIntegerField(help_text="0-based order in the article.")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the claim in the article's cleaned text.")
    end = models.PositiveIntegerField()
    score = models.FloatField(help_text="Check-worthiness in [0, 1].")
    suggested_status = models.CharField(max_length=20, choices=Verdict.choices)
    cues = models.JSONField(default=list, blank=True, help_text="[{text, start, end, kind}] in the claim text.")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    # The queue order is (priority desc, deadline asc with none last, score desc, age). ``priority``
    # starts as the article's and moves with it; an editor may also raise one claim. ``deadline``
    # is the article's, copied so the hand-out stays one partial-index scan of pending claims.
    priority = models.IntegerField(default=0, help_text="Higher is reviewed first.")
    deadline = models.DateTimeField(null=True, blank=True, help_text="The article's deadline.")
    review_round = models.PositiveSmallIntegerField(
        default=1, help_text="Incremented when an editor reopens the claim; earlier reviews are kept."
    )
    required_reviews = models.PositiveSmallIntegerField(default=1)
    # Kept by the queue services in the same transaction as the rows they count, so the
    # hand-out query stays a single indexed scan at 100,000 claims.
    review_count = models.PositiveSmallIntegerField(default=0)
    lease_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    # Shelf-life: on this date the verdict is due for re-review (a beat task returns the claim to
    # the queue). Due while the last decision predates it; a new decision clears the "due" flag.
    # Both indexed only where set (``claim_rereview_*_idx``): a verdict's update is not HOT, and an
    # index over every claim would take an entry (and its WAL) for the NULL of almost every one.
    rereview_on = models.DateField(null=True, blank=True)
    rereview_reason = models.CharField(max_length=500, blank=True)
    rereview_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # The model versions that scored the claim at extraction (none for a claim an editor added). No
    # index: versions are never deleted, and every index costs each claim update WAL.
    checkworthiness_model = models.ForeignKey(
        "reviews.ModelVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status_model = models.ForeignKey(
        "reviews.ModelVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rule_status = models.CharField(
        max_length=20, choices=Verdict.choices, blank=True, help_text="The rules' status, when a learned model differs."
    )

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="claim_unique_position"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="claim_span_ordered"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=1), name="claim_score_0_1"),
        ]
        indexes = [
            models.Index(
                models.F("priority").desc(),
                # PostgreSQL sorts NULLs last in an ascending index, which is what the queue's
                # ORDER BY deadline ASC NULLS LAST needs; SQLite refuses NULLS LAST in an index.
                models.F("deadline").asc(),
                models.F("score").desc(),
                models.F("created_at").asc(),
                models.F("id").asc(),
                name="claim_pending_queue_idx",
                condition=models.Q(status="pending"),
            ),
            # The dashboard: index-only scans for the status mix, backlog ages and daily series.
            models.Index(
                fields=["status", "created_at"],
                include=["review_count", "updated_at", "finalised_at"],
                name="claim_status_created_idx",
            ),
            # The dashboard's oldest disputed claim: the disputed claims by last change, walked in order
            # (with the article for the desk filter) until the first one in scope (ORDER BY ... LIMIT 1).
            models.Index(
                fields=["updated_at"],
                include=["article_id", "created_at"],
                name="claim_disputed_updated_idx",
                condition=models.Q(status="disputed"),
            ),
            models.Index(fields=["created_at"], name="claim_created_idx"),
            models.Index(fields=["finalised_at"], name="claim_finalised_idx"),
            # The shelf-life beat task (``rereview_on <= today``) and deleting a user (SET NULL).
            models.Index(
                fields=["rereview_on"], name="claim_rereview_on_idx", condition=models.Q(rereview_on__isnull=False)
            ),
            models.Index(
                fields=["rereview_set_by"],
                name="claim_rereview_set_by_idx",
                condition=models.Q(rereview_set_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES
