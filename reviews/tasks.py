"""Celery tasks. Each takes ids, calls one service, and is safe to run twice."""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from reviews.services import (
    articles,
    login_limits,
    notifications,
    queue,
    reports,
    rollups,
    shelf_life,
    tokens,
    webhooks,
    webpages,
)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="reviews.compile_report",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
)
def compile_report(report_id: int) -> str:
    return reports.report_compile(report_id=report_id).state


@shared_task(
    bind=True,
    name="reviews.extract_article_claims",
    acks_late=True,
    max_retries=5,
)
def extract_article_claims(self: Task, article_id: int) -> str | None:
    """Extract a large article stored in ``extracting`` (idempotent: a finished article is left alone).

    Transient database or broker errors are retried with backoff; the last failure marks the article
    ``failed`` with the reason (re-submitting the same text queues it again).
    """
    try:
        result = articles.article_extract_queued(article_id=article_id)
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= (self.max_retries or 0):
            articles.article_extraction_failed(article_id=article_id, error=error)
            raise
        raise self.retry(exc=error, countdown=min(120, 5 * 2**self.request.retries)) from None
    return result.article.state if result else None


@shared_task(
    bind=True,
    name="reviews.fetch_web_page",
    acks_late=True,
    max_retries=max(0, settings.WEBPAGE_FETCH_MAX_ATTEMPTS - 1),
)
def fetch_web_page(self: Task, fetch_id: int) -> str | None:
    """Fetch and ingest a page asked for by URL (idempotent: a finished fetch is left alone).

    Transient network failures (timeouts, no answer, 5xx) and database errors are retried with backoff;
    after the last attempt the fetch is marked failed with its error (the URL is kept). An unexpected
    error is logged in full and the fetch says only that it failed on our side (``page_fetch_failed``).
    """
    final = self.request.retries >= (self.max_retries or 0)
    try:
        outcome = webpages.page_fetch_run(fetch_id=fetch_id, final_attempt=final)
    except TRANSIENT_ERRORS as error:
        if final:
            webpages.page_fetch_failed(fetch_id=fetch_id, error=error)
            raise
        raise self.retry(exc=error, countdown=webpages.page_fetch_retry_delay(retries=self.request.retries)) from None
    except Exception as error:
        webpages.page_fetch_failed(fetch_id=fetch_id, error=error)
        raise
    if outcome.retry:
        raise self.retry(countdown=webpages.page_fetch_retry_delay(retries=self.request.retries))
    return outcome.fetch.state if outcome.fetch else None


@shared_task(name="reviews.sweep_stuck_page_fetches", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def sweep_stuck_page_fetches() -> list[int]:
    return webpages.page_fetches_requeue_stuck()


@shared_task(name="reviews.sweep_stuck_extractions", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def sweep_stuck_extractions() -> list[int]:
    return articles.article_extraction_requeue_stuck()


@shared_task(name="reviews.release_expired_leases", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def release_expired_leases() -> int:
    return queue.assignment_release_expired()


@shared_task(name="reviews.sweep_stuck_reports", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def sweep_stuck_reports() -> list[int]:
    return reports.report_sweep_stuck()


@shared_task(
    bind=True,
    name="reviews.deliver_webhook",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=max(0, settings.WEBHOOK_MAX_ATTEMPTS - 1),
)
def deliver_webhook(self: Task, delivery_id: int) -> str:
    """One attempt per run; a failed attempt is retried with exponential backoff, the last one marks it failed."""
    final = self.request.retries >= (self.max_retries or 0)
    outcome = webhooks.webhook_deliver(delivery_id=delivery_id, final_attempt=final)
    if outcome.retry:
        raise self.retry(countdown=webhooks.webhook_retry_delay(retries=self.request.retries))
    return outcome.delivery.state


@shared_task(name="reviews.compile_daily_digest", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def compile_daily_digest() -> int | None:
    """Beat runs this daily; it requests yesterday's digest only when an editor switched it on."""
    report = reports.report_digest_daily()
    return report.pk if report else None


@shared_task(
    name="reviews.email_notification",
    acks_late=True,
    autoretry_for=(*TRANSIENT_ERRORS, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def email_notification(notification_id: int) -> bool:
    return notifications.notification_email(notification_id=notification_id).emailed_at is not None


@shared_task(
    name="reviews.embed_and_match_claims",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=5,
)
def embed_and_match_claims(claim_ids: list[int]) -> int:
    """Embed new claims, link them to precedents and refine their scores with the vectors; idempotent."""
    from reviews.services import matching

    return sum(len(found) for found in matching.claims_embed_and_match(claim_ids=claim_ids).values())


@shared_task(name="reviews.return_due_rereviews", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def return_due_rereviews() -> list[int]:
    """Beat runs this hourly: verdicts whose re-review date has come go back to the queue."""
    return shelf_life.claims_return_due_rereviews()


@shared_task(name="reviews.prune_login_failures", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def prune_login_failures() -> int:
    return login_limits.login_failures_prune()


@shared_task(name="reviews.expire_api_tokens", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def expire_api_tokens() -> int:
    return tokens.tokens_expire_due()


@shared_task(name="reviews.fold_rollups", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def fold_rollups() -> dict[str, int] | None:
    """Beat runs this every minute: the dashboard's deltas folded into its tallies (it reads both anyway)."""
    return rollups.rollups_fold()


@shared_task(
    name="reviews.retrain_models",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def retrain_models() -> list[int]:
    """Beat runs this daily (admins on demand): new candidates from the decisions; idempotent per decision set."""
    from reviews.services import learning

    return [version.pk for version in learning.model_candidates_train_on_worker().versions]
