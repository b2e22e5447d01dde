from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create

pytestmark = pytest.mark.django_db


def test_editor_registers_an_endpoint_and_sees_its_secret(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("editor-webhooks"),
        {"url": "https://hooks.example.org/hook", "events": ["report.ready", "claim.disputed"]},
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["claim.disputed", "report.ready"]
    page = client.get(reverse("editor-webhooks"))
    assert endpoint.secret.encode() in page.content


def test_a_remote_plain_http_url_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(reverse("editor-webhooks"), {"url": "http://example.org/hook", "events": ["report.ready"]})
    assert response.status_code == 400
    assert b"must use HTTPS" in response.content
    assert not WebhookEndpoint.objects.exists()


def test_deliveries_show_state_code_attempts_and_a_failed_one_is_retried(
    client, editor, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    webhook_endpoint_create(user=editor, url="https://hooks.example.org/hook", events=["report.ready"])
    for n in range(5):
        webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": n})
    failed = WebhookDelivery.objects.order_by("pk").first()
    WebhookDelivery.objects.filter(pk=failed.pk).update(state=DeliveryState.FAILED, attempts=6, response_code=502)
    client.force_login(editor)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("editor-webhooks"))
    assert page.content.count(b"delivery-pending") == 4 and b"delivery-failed" in page.content
    assert b"<td>502</td><td>6</td>" in page.content
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("editor-webhook-retry", args=[failed.pk]), follow=True)
    assert b"queued again" in response.content and len(callbacks) == 1
    again = client.post(reverse("editor-webhook-retry", args=[failed.pk]), follow=True)
    assert b"still being attempted" in again.content


def test_reviewers_cannot_open_the_webhook_page(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("editor-webhooks")).status_code == 403
