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


class NoClaimsFound(InvalidArticle):
    code = "no_claims"


class DuplicateArticle(DomainError):
    status_code = 409
    code = "duplicate_article"

    def __init__(self, message: str, *, article_id: int) -> None:
        super().__init__(message)
        self.article_id = article_id


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


class WebhookDeliveryInFlight(DomainError):
    status_code = 409
    code = "webhook_delivery_in_flight"
