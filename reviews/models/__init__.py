from .articles import Article
from .audit import AuditAction, AuditEvent
from .claims import FINAL_STATUSES, Claim, ClaimStatus, Verdict
from .reports import Report, ReportFormat, ReportScope, ReportState
from .reviewing import Assignment, AssignmentState, EvidenceLink, Review
from .webhooks import DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "FINAL_STATUSES",
    "Article",
    "Assignment",
    "AssignmentState",
    "AuditAction",
    "AuditEvent",
    "Claim",
    "ClaimStatus",
    "DeliveryState",
    "EvidenceLink",
    "Report",
    "ReportFormat",
    "ReportScope",
    "ReportState",
    "Review",
    "Verdict",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
