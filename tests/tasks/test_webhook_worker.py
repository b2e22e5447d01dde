"""Webhook deliveries through a real Celery worker: retries with backoff, then delivered or failed."""

from __future__ import annotations

import pytest
from django.db import transaction

from newsroom.celery import app as celery_app
from reviews.models import DeliveryState, WebhookDelivery, WebhookEvent
from reviews.services import webhooks
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create
from reviews.tasks import deliver_webhook
from tests.conftest import start_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow]


@pytest.fixture
def fast_retry_worker(transactional_db):  # type: ignore[no-untyped-def]
    worker = start_worker(
        {"WEBHOOK_RETRY_BASE_SECONDS": "0.2", "WEBHOOK_MAX_ATTEMPTS": "3", "OUTBOUND_ALLOW_LOOPBACK": "1"}
    )
    yield worker
    worker.stop()


@pytest.fixture
def send(monkeypatch):  # type: ignore[no-untyped-def]
    """Publish deliveries on a fresh broker connection (other tests may have closed this process's pool)."""
    monkeypatch.setattr(webhooks, "_enqueue_on_commit", lambda delivery_id: None)

    def publish(delivery_id: int) -> None:
        with celery_app.connection_for_write() as connection:
            deliver_webhook.apply_async((delivery_id,), connection=connection)

    return publish


def test_the_worker_retries_a_failing_endpoint_and_records_every_attempt(
    fast_retry_worker, editor, webhook_receiver, send
):
    webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=["report.ready"])
    webhook_receiver.statuses = [500, 503]  # then 200
    with transaction.atomic():
        (recovers,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 1})
    send(recovers.pk)
    done = wait_for(
        lambda: WebhookDelivery.objects.filter(pk=recovers.pk, state=DeliveryState.DELIVERED).first(), timeout=60
    )
    assert (done.attempts, done.response_code) == (3, 200)

    webhook_receiver.statuses = [500, 500, 500]
    with transaction.atomic():
        (gives_up,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 2})
    send(gives_up.pk)
    failed = wait_for(
        lambda: WebhookDelivery.objects.filter(pk=gives_up.pk, state=DeliveryState.FAILED).first(), timeout=60
    )
    assert (failed.attempts, failed.response_code, failed.error) == (3, 500, "HTTP 500")
    assert len(webhook_receiver.received) == 6
    assert "reviews.deliver_webhook" in fast_retry_worker.output
