from __future__ import annotations

from django.conf import settings
from django.db import models


class RecusalKind(models.TextChoices):
    TOPIC = "topic", "Topic or desk"
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"


class Recusal(models.Model):
    """A conflict of interest: the reviewer is never handed claims matching ``term``.

    A topic matches the article's desk; a person or organisation matches when the name appears
    in the claim or the article text. Matching is case-insensitive.
    """

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusals")
    kind = models.CharField(max_length=20, choices=RecusalKind.choices)
    term = models.CharField(max_length=200)
    reason = models.CharField(max_length=500, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewer_id", "kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "kind", "term"], name="recusal_unique_term"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} recused from {self.get_kind_display().lower()} {self.term!r}"
