from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import DeliveryState, WebhookDelivery, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create

pytestmark = pytest.mark.django_db


def test_editor_retries_failed_webhook_deliveries_from_the_admin(client, editor, django_capture_on_commit_callbacks):
    webhook_endpoint_create(user=editor, url="http://127.0.0.1:9/hook", events=["report.ready"])
    failed, in_flight = (webhook_emit(event=WebhookEvent.REPORT_READY, payload={"n": n})[0] for n in range(2))
    WebhookDelivery.objects.filter(pk=failed.pk).update(state=DeliveryState.FAILED)
    client.force_login(editor)
    changelist = reverse("admin:reviews_webhookdelivery_changelist")
    assert client.get(changelist).status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            changelist, {"action": "retry_deliveries", "_selected_action": [failed.pk, in_flight.pk]}, follow=True
        )
    assert b"1 deliveries queued again" in response.content and b"still being attempted" in response.content
    assert WebhookDelivery.objects.get(pk=failed.pk).state == DeliveryState.PENDING
    assert len(callbacks) == 1
    assert client.get(reverse("admin:reviews_webhookendpoint_changelist")).status_code == 200
