from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    ARTICLE_INGESTED = "article_ingested", "Article ingested"
    CLAIM_LEASED = "claim_leased", "Claim leased"
    LEASE_RELEASED = "lease_released", "Lease released"
    LEASE_SKIPPED = "lease_skipped", "Claim skipped"
    LEASE_EXPIRED = "lease_expired", "Lease expired"
    VERDICT_RECORDED = "verdict_recorded", "Verdict recorded"
    STATUS_CHANGED = "status_changed", "Status changed"
    REPORT_REQUESTED = "report_requested", "Report requested"
    ARTICLE_CORRECTED = "article_corrected", "Article corrected (new version)"
    CLAIM_WITHDRAWN = "claim_withdrawn", "Claim withdrawn"
    CLAIM_CARRIED = "claim_carried", "Claim carried to a new version"
    ARTICLE_CLEARED = "article_cleared", "Article cleared for publication"
    CLEARANCE_REVOKED = "clearance_revoked", "Clearance for publication revoked"
    NOTIFICATION_SENT = "notification_sent", "Notification sent"
    REREVIEW_SCHEDULED = "rereview_scheduled", "Re-review date set"
    REREVIEW_DUE = "rereview_due", "Returned to the queue for re-review"
    RECUSAL_DECLARED = "recusal_declared", "Recusal declared"
    RECUSAL_WITHDRAWN = "recusal_withdrawn", "Recusal withdrawn"
    WEBHOOK_REGISTERED = "webhook_registered", "Webhook registered"
    WEBHOOK_CHANGED = "webhook_changed", "Webhook changed"
    WEBHOOK_REDELIVERED = "webhook_redelivered", "Webhook delivery retried by hand"
    LEASE_REVOKED = "lease_revoked", "Lease revoked by an editor"
    CLAIM_HANDED = "claim_handed", "Claim handed to a reviewer"
    CLAIM_PRIORITISED = "claim_prioritised", "Claim priority changed"
    ARTICLE_REVIEW_SETTINGS = "article_review_settings", "Article review settings changed"
    ARTICLE_METADATA_CHANGED = "article_metadata_changed", "Article title, desk or source URL changed"
    CLAIM_FLAGGED = "claim_flagged", "Marked not a claim"
    FLAG_RESOLVED = "flag_resolved", "Not-a-claim flag resolved"
    CLAIM_ADJUDICATED = "claim_adjudicated", "Dispute adjudicated"
    CLAIM_REOPENED = "claim_reopened", "Claim reopened"
    STATUS_OVERRIDDEN = "status_overridden", "Status overridden"
    CLAIM_TEXT_EDITED = "claim_text_edited", "Claim text edited"
    CLAIM_SPLIT = "claim_split", "Claim split"
    CLAIM_ADDED = "claim_added", "Claim added"
    DIGEST_SETTING_CHANGED = "digest_setting_changed", "Daily digest setting changed"
    TOKEN_ISSUED = "token_issued", "API token issued"
    TOKEN_ROTATED = "token_rotated", "API token rotated"
    TOKEN_EXPIRED = "token_expired", "API token expired"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    ARTICLE_TRIAGED = "article_triaged", "Triage decided: nothing to check"
    FACT_CHECK_PUBLISHED = "fact_check_published", "Fact-check published"
    FACT_CHECK_CORRECTED = "fact_check_corrected", "Published fact-check corrected"
    FACT_CHECK_UNPUBLISHED = "fact_check_unpublished", "Fact-check unpublished"
    RATING_SCALE_CHANGED = "rating_scale_changed", "Public rating scale changed"
    LEASE_EXTENDED = "lease_extended", "Lease extended (reviewer active)"
    LEASE_RETAKEN = "lease_retaken", "Expired lease re-taken on save"
    VERDICT_AMENDED = "verdict_amended", "Verdict amended by its reviewer"
    VERDICT_UNDONE = "verdict_undone", "Verdict undone by its reviewer"
    CLAIM_DEADLINE_SET = "claim_deadline_set", "Claim deadline set"
    DESK_SAVED = "desk_saved", "Desk defaults saved"
    DRAFT_KEPT = "draft_kept", "Verdict kept as a draft (claim handed to another reviewer)"
    ARTICLE_QUEUED = "article_queued", "Article stored, claims being extracted"
    ARTICLE_REFUSED = "article_refused", "Article refused after extraction"
    MODEL_TRAINED = "model_trained", "Model candidate trained from the newsroom's decisions"
    MODEL_PROMOTED = "model_promoted", "Model version made active"
    MODEL_ROLLED_BACK = "model_rolled_back", "Model version rolled back"
    MODEL_RETRAIN_REQUESTED = "model_retrain_requested", "Model retraining requested"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """Append-only record of every state change: who, when, what, before -> after, why.

    Enforced three times: this model and its queryset refuse updates and deletes; on PostgreSQL a
    trigger (migration audit_append_only) makes the database refuse UPDATE and DELETE of its rows whatever the
    client; and its foreign keys PROTECT, so deleting an article, claim or user with history is
    refused instead of cascading into the trail.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    article = models.ForeignKey(
        "reviews.Article", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    # No index of its own: audit_claim_at_idx (claim, at) serves every lookup by claim (each index costs
    # WAL on every audited change, three rows per hand-out and verdict).
    claim = models.ForeignKey(
        "reviews.Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events", db_index=False
    )
    # Stored whole: a title, a URL or a JSON object of the fields that changed.
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["claim", "at"], name="audit_claim_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")
