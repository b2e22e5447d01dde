from __future__ import annotations

from django.db import models

from .claims import Claim


class ClaimEmbedding(models.Model):
    """A claim's sentence embedding (unit-length float32 bytes) and the model that produced it."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="embedding", primary_key=True)
    model_name = models.CharField(max_length=100)
    dimensions = models.PositiveSmallIntegerField()
    vector = models.BinaryField(help_text="float32 little-endian, L2-normalised.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # the matching workers top their index up with the rows created since their watermark
        indexes = [models.Index(fields=["created_at"], name="claim_embedding_created_idx")]

    def __str__(self) -> str:
        return f"embedding of claim #{self.claim_id} ({self.model_name})"


class ClaimMatch(models.Model):
    """A precedent: an earlier claim (from another article) that says much the same thing."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    matched_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matched_by")
    similarity = models.FloatField(help_text="Cosine similarity of the two claims' embeddings, in [-1, 1].")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "-similarity"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "matched_claim"], name="claim_match_unique_pair"),
            models.CheckConstraint(condition=~models.Q(claim=models.F("matched_claim")), name="claim_match_not_itself"),
            models.CheckConstraint(
                condition=models.Q(similarity__gte=-1.0001, similarity__lte=1.0001), name="claim_match_similarity_range"
            ),
        ]

    def __str__(self) -> str:
        return f"claim #{self.claim_id} ≈ claim #{self.matched_claim_id} ({self.similarity:.2f})"
