from __future__ import annotations

from django.db import models


class ModelKind(models.TextChoices):
    CHECKWORTHINESS = "checkworthiness", "Check-worthiness (ranking)"
    STATUS = "status", "Status suggestion"


class ModelState(models.TextChoices):
    CANDIDATE = "candidate", "Candidate (not promoted)"
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


SHIPPED_NAME = "shipped"


class ModelVersion(models.Model):
    """A version of a model the extractor uses: the shipped one, or one learned from the newsroom's decisions.

    ``parameters`` is what ``reviews.learning`` loads (offsets from the shipped check-worthiness weights
    named by ``base``; status coefficients over the rules' cues). Written by ``services.learning`` only;
    the figures are how it compared with the active version when it was trained (paired bootstrap).
    """

    kind = models.CharField(max_length=20, choices=ModelKind.choices)
    state = models.CharField(max_length=12, choices=ModelState.choices, default=ModelState.CANDIDATE)
    name = models.CharField(max_length=60, help_text="'shipped' or the kind and a number.")
    base = models.CharField(max_length=40, help_text="The shipped weights this version starts from.")
    parameters = models.JSONField(default=dict, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    training_size = models.PositiveIntegerField(default=0, help_text="Decisions it was trained on.")
    held_back_size = models.PositiveIntegerField(default=0, help_text="Newest decisions held back to test it.")
    decisions_digest = models.CharField(max_length=64, blank=True, help_text="What it was trained on (idempotency).")
    embedding_used = models.BooleanField(default=False, help_text="Its stacker was refitted on embedding logits.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Active when trained.",
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(state="active"), name="model_version_one_active_per_kind"
            ),
            models.UniqueConstraint(
                fields=["kind", "base"],
                condition=models.Q(name=SHIPPED_NAME),
                name="model_version_one_shipped_per_base",
            ),
            models.UniqueConstraint(
                fields=["kind", "base", "decisions_digest"],
                condition=~models.Q(decisions_digest=""),
                name="model_version_trained_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name} ({self.state})"

    @property
    def is_shipped(self) -> bool:
        return self.name == SHIPPED_NAME
