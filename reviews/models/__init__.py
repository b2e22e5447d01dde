from .articles import NOT_INGESTED_STATES, Article, ArticleOrigin, ArticleState, Desk
from .audit import AuditAction, AuditEvent
from .claims import (
    ADJUDICATION_STATUSES,
    FINAL_STATUSES,
    UNCOUNTED_STATUSES,
    UNRESOLVED_STATUSES,
    Claim,
    ClaimStatus,
    Verdict,
)
from .corrections import CorrectionKind, CorrectionState, ExtractionCorrection
from .learning import SHIPPED_NAME, ModelKind, ModelState, ModelVersion
from .matching import ClaimEmbedding, ClaimMatch
from .notifications import Notification, NotificationKind
from .publications import Publication, PublicationCorrection, RatingScale
from .recusals import Recusal, RecusalKind
from .reports import DigestSetting, Report, ReportFormat, ReportScope, ReportState
from .reviewing import (
    ASSIGNMENT_STATES_DONE_BY_REVIEWER,
    UNDO_WINDOW,
    Assignment,
    AssignmentState,
    EvidenceLink,
    MissingSource,
    Review,
    ReviewDraft,
    ReviewerPreference,
)
from .rollups import (
    ClaimTally,
    ClaimTallyDelta,
    ReviewPair,
    ReviewSeconds,
    ReviewSecondsDelta,
    ReviewTally,
    ReviewTallyDelta,
)
from .tokens import ApiToken
from .webhooks import DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from .webpages import PageFetch, PageFetchState

__all__ = [
    "ApiToken",
    "ClaimTally",
    "ClaimTallyDelta",
    "ReviewPair",
    "ReviewSeconds",
    "ReviewSecondsDelta",
    "ReviewTally",
    "ReviewTallyDelta",
    "ADJUDICATION_STATUSES",
    "ASSIGNMENT_STATES_DONE_BY_REVIEWER",
    "UNDO_WINDOW",
    "CorrectionKind",
    "CorrectionState",
    "ExtractionCorrection",
    "FINAL_STATUSES",
    "UNCOUNTED_STATUSES",
    "UNRESOLVED_STATUSES",
    "NOT_INGESTED_STATES",
    "Article",
    "ArticleOrigin",
    "ArticleState",
    "Assignment",
    "AssignmentState",
    "AuditAction",
    "AuditEvent",
    "Claim",
    "ClaimEmbedding",
    "ClaimMatch",
    "ClaimStatus",
    "DeliveryState",
    "Desk",
    "DigestSetting",
    "EvidenceLink",
    "MissingSource",
    "ModelKind",
    "ModelState",
    "ModelVersion",
    "SHIPPED_NAME",
    "Notification",
    "PageFetch",
    "PageFetchState",
    "Publication",
    "PublicationCorrection",
    "RatingScale",
    "NotificationKind",
    "Recusal",
    "RecusalKind",
    "Report",
    "ReportFormat",
    "ReportScope",
    "ReportState",
    "Review",
    "ReviewDraft",
    "ReviewerPreference",
    "Verdict",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
