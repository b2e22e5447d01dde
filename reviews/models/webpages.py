from __future__ import annotations

from django.conf import settings
from django.db import models


class PageFetchState(models.TextChoices):
    """Where a page asked for by URL stands (``PageFetch.state``)."""

    PENDING = "pending", "Waiting to be fetched"
    DONE = "done", "Fetched and ingested"
    FAILED = "failed", "Not ingested"


class PageFetch(models.Model):
    """A web page an editor asked to ingest from its URL: fetched by a Celery task, never in the request.

    The row is what the editor sees while it runs and after: the URL asked for (kept whatever happens),
    its state, the last error and its code (the API's error codes: ``outbound_timeout``,
    ``duplicate_article``...), and the article once it is ingested, or the article it duplicates.
    """

    page_url = models.URLField(max_length=1000, help_text="The address asked for (the article's source_url).")
    title = models.CharField(max_length=500, blank=True)
    desk = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=PageFetchState.choices, default=PageFetchState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Fetches tried so far (transient errors retry).")
    error_code = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True, help_text="Why the last attempt failed (kept while a retry is pending).")
    article = models.ForeignKey(
        "reviews.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The article ingested, or for `duplicate_article` the one already stored.",
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One fetch in flight per address (``page_fetch_request`` answers a second request with it): two
            # simultaneous first requests would otherwise both find none and both insert. Its index also
            # serves that lookup. Partial indexes exist on SQLite too.
            models.UniqueConstraint(
                fields=["page_url"], condition=models.Q(state="pending"), name="page_fetch_one_pending_per_url"
            )
        ]

    def __str__(self) -> str:
        return self.page_url

    @property
    def is_pending(self) -> bool:
        return self.state == PageFetchState.PENDING
