from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportScope(models.TextChoices):
    ARTICLE = "article", "One article"
    BATCH = "batch", "Batch of articles"
    DIGEST = "digest", "Daily digest"


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    JSONLD = "jsonld", "ClaimReview JSON-LD"


class ReportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Report(models.Model):
    """A compiled review report. The row is the source of truth for its state."""

    scope = models.CharField(max_length=10, choices=ReportScope.choices)
    format = models.CharField(max_length=10, choices=ReportFormat.choices)
    article = models.ForeignKey(
        "reviews.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    parameters = models.JSONField(default=dict, blank=True, help_text="Batch filters: since, until, desk...")
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.QUEUED)
    file = models.FileField(upload_to="reports/", blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file.")
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(
        max_length=120, null=True, blank=True, unique=True, help_text="Set for reports that must exist once (digests)."
    )
    run_token = models.CharField(max_length=32, blank=True, help_text="Which compile run owns the row while running.")
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of the compile run.")
    enqueued_at = models.DateTimeField(null=True, blank=True)
    dispatch_error = models.TextField(blank=True, help_text="Why the last attempt to queue the task failed.")
    fingerprint = models.CharField(
        max_length=200, blank=True, help_text="Claim and review counts and last changes at compile time."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["state", "requested_at"], name="report_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} report #{self.pk} ({self.format}, {self.state})"

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class DigestSetting(models.Model):
    """Whether the daily digest is compiled (one row, editable by editors). The digest task checks it."""

    enabled = models.BooleanField(default=False)
    format = models.CharField(max_length=10, choices=ReportFormat.choices, default=ReportFormat.HTML)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Daily digest {'on' if self.enabled else 'off'} ({self.format})"
