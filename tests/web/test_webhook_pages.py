from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import AuditEvent, DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create
from tests.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


def test_editor_registers_an_endpoint_and_sees_its_secret_once(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("editor-webhooks"),
        {"url": "https://hooks.example.org/hook", "events": ["report.ready", "claim.disputed"]},
    )
    assert response.status_code == 200  # rendered, not redirected: the secret never goes through the session
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["claim.disputed", "report.ready"]
    assert endpoint.secret.encode() in response.content and b"it will not be shown again" in response.content
    assert "no-store" in response["Cache-Control"]
    page = client.get(reverse("editor-webhooks"))
    assert endpoint.secret.encode() not in page.content
    assert endpoint.secret_hint.encode() in page.content and b"Rotate secret" in page.content
    assert b"not be shown again" not in page.content


def test_rotating_a_secret_shows_the_new_one_once(client, editor):
    endpoint, other = WebhookEndpointFactory(), WebhookEndpointFactory()
    old = endpoint.secret
    client.force_login(editor)
    response = client.post(reverse("editor-webhook-rotate-secret", args=[endpoint.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret.encode() in response.content and b"it will not be shown again" in response.content
    assert old.encode() not in response.content and other.secret.encode() not in response.content
    assert AuditEvent.objects.filter(action="webhook_changed", data__endpoint=endpoint.pk).count() == 1
    # The forms on that answer post where they belong, not back to the rotation.
    assert f'action="{reverse("editor-webhooks")}"'.encode() in response.content
    assert endpoint.secret.encode() not in client.get(reverse("editor-webhooks")).content


def test_reviewers_and_anonymous_visitors_cannot_rotate_a_secret(client, reviewer):
    endpoint = WebhookEndpointFactory()
    secret = endpoint.secret
    url = reverse("editor-webhook-rotate-secret", args=[endpoint.pk])
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    client.force_login(reviewer)
    assert client.post(url).status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and not AuditEvent.objects.exists()


def test_rotation_needs_a_post(client, editor):
    client.force_login(editor)
    endpoint = WebhookEndpointFactory()
    assert client.get(reverse("editor-webhook-rotate-secret", args=[endpoint.pk])).status_code == 405


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
