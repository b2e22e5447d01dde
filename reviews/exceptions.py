"""Domain errors raised by services; the API's exception handler and the web views map them to 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. ``status_code`` is the HTTP status the edges answer with."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidArticle(DomainError):
    code = "invalid_article"


class EmptyArticle(InvalidArticle):
    code = "empty_article"


class ArticleTooLarge(InvalidArticle):
    status_code = 413
    code = "article_too_large"


class UndecodableArticle(InvalidArticle):
    code = "undecodable_article"


class NotAWebPage(InvalidArticle):
    """A file or URL given as a web page that is not HTML (plain text, PDF, JSON, an image)."""

    code = "not_a_web_page"


class NoClaimsFound(InvalidArticle):
    code = "no_claims"


class DuplicateArticle(DomainError):
    status_code = 409
    code = "duplicate_article"

    def __init__(self, message: str, *, article_id: int) -> None:
        super().__init__(message)
        self.article_id = article_id


class PageFetchPending(DomainError):
    """The page is already being fetched with another title or desk: asking again would change nothing
    (the same page makes the same article) and silently drop what this editor asked for."""

    status_code = 409
    code = "page_fetch_pending"

    def __init__(self, message: str, *, fetch_id: int) -> None:
        super().__init__(message)
        self.fetch_id = fetch_id


class NothingToReview(DomainError):
    status_code = 404
    code = "queue_empty"


class TooManyLeases(DomainError):
    status_code = 409
    code = "too_many_leases"


class ClaimNotHeld(DomainError):
    """A verdict, release or skip on a claim the caller does not (or no longer) hold."""

    status_code = 409
    code = "claim_not_held"


class AlreadyReviewed(DomainError):
    status_code = 409
    code = "already_reviewed"


class InvalidVerdict(DomainError):
    code = "invalid_verdict"


class ReportNotReady(DomainError):
    status_code = 409
    code = "report_not_ready"


class InvalidWebhook(DomainError):
    code = "invalid_webhook"


class OutboundError(DomainError):
    """An outbound request (reviews/services/outbound.py) did not complete. Messages are short and
    fixed ("timed out", "connection failed"...): never socket detail."""

    status_code = 502
    code = "outbound_failed"
    # Worth trying again later (a URL fetch task retries these): no answer, a timeout, a 5xx.
    transient = False


class OutboundRefused(OutboundError):
    """The destination is not allowed (not a public address, bad URL): nothing was sent."""

    status_code = 400
    code = "outbound_refused"


class OutboundTimeout(OutboundError):
    status_code = 504
    code = "outbound_timeout"
    transient = True


class OutboundFailed(OutboundError):
    """No answer (connection failed: transient) or an HTTP error status (transient only for 5xx, 408, 429)."""

    status_code = 502
    code = "outbound_failed"
    transient = True

    def __init__(self, message: str, *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class OutboundTooLarge(OutboundError):
    status_code = 413
    code = "outbound_too_large"


class WebhookDeliveryInFlight(DomainError):
    status_code = 409
    code = "webhook_delivery_in_flight"


class AssignmentNotFound(ClaimNotHeld):
    """A lease that is not the caller's: outside their scope, so it does not exist for them."""

    status_code = 404
    code = "not_found"


class NotFound(DomainError):
    """An object outside the caller's scope, or that does not exist."""

    status_code = 404
    code = "not_found"


class ClaimStateConflict(DomainError):
    """The claim is not in a state that allows this (e.g. adjudicating a claim that is not disputed)."""

    status_code = 409
    code = "state_conflict"


class ReviewerUnavailable(DomainError):
    """A claim cannot be handed to this reviewer (already reviewed it, holds it, or no slot is free)."""

    status_code = 409
    code = "reviewer_unavailable"


class InvalidInput(DomainError):
    code = "invalid"


class ReportDataError(DomainError):
    """A row the report cannot be written from; the message names it."""

    code = "report_data_error"


class InvalidReportRequest(DomainError):
    code = "invalid_report_request"


class NotAllowed(DomainError):
    status_code = 403
    code = "not_allowed"


class ArticleNotReady(DomainError):
    """Clearing an article for publication while claims are unresolved, without an override reason."""

    status_code = 409
    code = "article_not_ready"


class AlreadyCleared(DomainError):
    status_code = 409
    code = "already_cleared"


class ArticleSuperseded(DomainError):
    status_code = 409
    code = "article_superseded"


class EvidenceRequired(InvalidVerdict):
    """A "supported" verdict without a single evidence link."""

    code = "evidence_required"


class MissingSourceRequired(InvalidVerdict):
    """A "needs source" verdict that does not say what kind of source is missing."""

    code = "missing_source_required"


class InvalidRereviewDate(DomainError):
    code = "invalid_rereview_date"


class InvalidRecusal(DomainError):
    code = "invalid_recusal"


class ArticleStateConflict(DomainError):
    """The article is not in a state that allows this (e.g. a triage decision on an article not in triage)."""

    status_code = 409
    code = "article_state_conflict"


class NotPublishable(DomainError):
    """Publishing a claim that has no final status (or an article with none)."""

    status_code = 409
    code = "not_publishable"


class NotPublished(DomainError):
    status_code = 409
    code = "not_published"


class ClaimHandedOver(ClaimNotHeld):
    """Saving after the lease ran out, but another reviewer holds the claim now (or it was decided)."""

    code = "claim_handed_over"


class RecusalReviewerNotFound(InvalidRecusal):
    """The id names no active reviewer: like any reference to an object that is not there, 404."""

    status_code = 404
    code = "reviewer_not_found"


class RecusalExists(InvalidRecusal):
    """The same recusal is already declared: the request conflicts with what is stored, 409."""

    status_code = 409
    code = "already_recused"
