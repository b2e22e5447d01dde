"""Celery tasks. Each takes ids, calls one service, and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from reviews.services import queue, reports

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="reviews.compile_report",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=5,
)
def compile_report(report_id: int) -> str:
    return reports.report_compile(report_id=report_id).state


@shared_task(name="reviews.release_expired_leases", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def release_expired_leases() -> int:
    return queue.assignment_release_expired()


@shared_task(name="reviews.sweep_stuck_reports", acks_late=True, autoretry_for=TRANSIENT_ERRORS, max_retries=3)
def sweep_stuck_reports() -> list[int]:
    return reports.report_sweep_stuck()
