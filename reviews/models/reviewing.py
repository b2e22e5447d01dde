from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models

from .claims import Claim, Verdict


class AssignmentState(models.TextChoices):
    ACTIVE = "active", "Active"
    SUBMITTED = "submitted", "Submitted"
    RELEASED = "released", "Released"
    SKIPPED = "skipped", "Skipped"
    EXPIRED = "expired", "Expired"
    FLAGGED = "flagged", "Marked not a claim"


# A reviewer who held a claim in one of these states is never handed it again.
ASSIGNMENT_STATES_DONE_BY_REVIEWER = (
    AssignmentState.ACTIVE,
    AssignmentState.SUBMITTED,
    AssignmentState.SKIPPED,
    AssignmentState.FLAGGED,
)

# How long after giving a verdict a reviewer may take it back (``verdict_undo``; the "Undo" link).
UNDO_WINDOW = timedelta(minutes=2)


class Assignment(models.Model):
    """A lease: one reviewer holds one claim until ``expires_at``."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignments")
    # Every hand-out inserts a lease and every verdict updates one (not HOT: its state changes), writing
    # an entry in each index: no index of their own for the reviewer (``assignment_reviewer_state_idx``
    # starts with it) nor for the expiry (only active leases expire: ``assignment_active_expiry_idx``).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    state = models.CharField(max_length=12, choices=AssignmentState.choices, default=AssignmentState.ACTIVE)
    leased_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-leased_at"]
        constraints = [
            # A reviewer holds a given claim at most once at a time.
            models.UniqueConstraint(
                fields=["claim", "reviewer"],
                condition=models.Q(state="active"),
                name="assignment_one_active_per_reviewer_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "state"], name="assignment_reviewer_state_idx"),
            # Every hand-out sweeps expired leases first: only active rows are ever looked at.
            models.Index(
                fields=["expires_at"], name="assignment_active_expiry_idx", condition=models.Q(state="active")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} holds claim {self.claim_id} ({self.state})"


class MissingSource(models.TextChoices):
    """What kind of source a "needs source" verdict asks the writer to add."""

    OFFICIAL_RECORD = "official_record", "Official record"
    NAMED_PERSON = "named_person", "Named person"
    DATA_SET = "data_set", "Data set"
    DOCUMENT = "document", "Document"


class Review(models.Model):
    """One reviewer's verdict on one claim."""

    # No index of its own: review_one_per_reviewer_claim (claim, reviewer) serves every lookup by claim.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews", db_index=False)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="review"
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    review_round = models.PositiveSmallIntegerField(default=1, help_text="The claim's review round.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)  # indexed by review_created_cover_idx
    updated_at = models.DateTimeField(auto_now=True)
    seconds_spent = models.PositiveIntegerField(null=True, blank=True, help_text="From lease to verdict.")
    # "Needs source": what the writer should add (see MissingSource), and in the reviewer's words.
    missing_source_kinds = models.JSONField(default=list, blank=True)
    missing_source_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="review_one_per_reviewer_claim"),
        ]
        indexes = [
            # The dashboard's verdict mix, throughput and agreement read only this index.
            models.Index(
                fields=["created_at"],
                include=["claim", "reviewer", "verdict", "seconds_spent", "review_round"],
                name="review_created_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.reviewer} on claim {self.claim_id}"

    @property
    def missing_source_labels(self) -> list[str]:
        labels = dict(MissingSource.choices)
        return [str(labels.get(kind, kind)) for kind in self.missing_source_kinds]


class EvidenceLink(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    cited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title or self.url


class ReviewDraft(models.Model):
    """A reviewer's unsaved verdict form for one claim, saved as they type and restored on return.

    One per reviewer and claim (not per lease): a draft survives an expired lease and comes back
    when the reviewer is handed the claim again. Deleted when their verdict is recorded.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="drafts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_drafts")
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "claim"], name="review_draft_one_per_reviewer_claim"),
        ]

    def __str__(self) -> str:
        return f"Draft by {self.reviewer} on claim {self.claim_id}"


class ReviewerPreference(models.Model):
    """A reviewer's page preferences, kept with the account (any browser, any device)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preference")
    shortcut_help_hidden = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
