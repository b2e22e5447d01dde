from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from reviews.models import AuditEvent, DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create, webhook_endpoint_rotate_secret
from tests.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


def test_editor_registers_an_endpoint_and_sees_its_secret_once(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("editor-webhooks"),
        {"url": "https://hooks.example.org/hook", "events": ["report.ready", "claim.disputed"]},
    )
    assert response.status_code == 303 and response["Location"] == reverse("editor-webhooks")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["claim.disputed", "report.ready"]
    assert endpoint.secret.encode() not in response.content
    shown = client.get(response["Location"])
    assert endpoint.secret.encode() in shown.content and b"it will not be shown again" in shown.content
    assert "no-store" in shown["Cache-Control"]
    page = client.get(reverse("editor-webhooks"))  # a reload: the hint only, and no second endpoint
    assert endpoint.secret.encode() not in page.content
    assert endpoint.secret_hint.encode() in page.content and b"Rotate secret" in page.content
    assert b"not be shown again" not in page.content and b"can no longer be shown" not in page.content
    assert WebhookEndpoint.objects.count() == 1


def test_rotating_a_secret_shows_the_new_one_once(client, editor):
    endpoint, other = WebhookEndpointFactory(), WebhookEndpointFactory()
    old = endpoint.secret
    client.force_login(editor)
    response = client.post(reverse("editor-webhook-rotate-secret", args=[endpoint.pk]))
    assert response.status_code == 303 and response["Location"] == reverse("editor-webhooks")
    assert "no-store" in response["Cache-Control"]
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.encode() not in response.content
    assert AuditEvent.objects.filter(action="webhook_changed", data__endpoint=endpoint.pk).count() == 1
    shown = client.get(response["Location"])
    assert "no-store" in shown["Cache-Control"]
    assert endpoint.secret.encode() in shown.content and b"it will not be shown again" in shown.content
    assert old.encode() not in shown.content and other.secret.encode() not in shown.content
    assert shown.context["new_secret"] == endpoint
    # The forms on that page post where they belong, not back to the rotation.
    assert f'action="{reverse("editor-webhooks")}"'.encode() in shown.content
    reloaded = client.get(reverse("editor-webhooks"))
    assert endpoint.secret.encode() not in reloaded.content and reloaded.context["new_secret"] is None
    endpoint.refresh_from_db()
    assert AuditEvent.objects.filter(action="webhook_changed").count() == 1  # the reload rotated nothing


def test_no_other_session_sees_a_new_secret(client, editor, admin_user):
    endpoint = WebhookEndpointFactory()
    client.force_login(editor)
    client.post(reverse("editor-webhook-rotate-secret", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    same_editor_elsewhere, another_editor = Client(), Client()
    same_editor_elsewhere.force_login(editor)
    another_editor.force_login(admin_user)
    for other in (same_editor_elsewhere, another_editor):
        page = other.get(reverse("editor-webhooks"))
        assert endpoint.secret.encode() not in page.content and page.context["new_secret"] is None
    assert endpoint.secret.encode() in client.get(reverse("editor-webhooks")).content


def test_a_secret_rotated_again_before_its_page_is_not_shown(client, editor):
    endpoint = WebhookEndpointFactory()
    client.force_login(editor)
    client.post(reverse("editor-webhook-rotate-secret", args=[endpoint.pk]))
    endpoint = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, user=editor)  # e.g. through the API
    page = client.get(reverse("editor-webhooks"))
    assert endpoint.secret.encode() not in page.content and b"can no longer be shown" in page.content
    assert b"can no longer be shown" not in client.get(reverse("editor-webhooks")).content


def test_the_secret_itself_never_waits_in_the_session_or_the_cache(client, editor, monkeypatch):
    stashed = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout: stashed.append(value) or real_set(key, value, timeout)
    )
    endpoint = WebhookEndpointFactory()
    client.force_login(editor)
    client.post(reverse("editor-webhook-rotate-secret", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert len(stashed) == 1 and endpoint.secret not in str(stashed)
    assert not any(endpoint.secret in str(session.get_decoded()) for session in Session.objects.all())


def test_the_forms_keep_their_csrf_check(editor):
    endpoint = WebhookEndpointFactory()
    secret = endpoint.secret
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post(reverse("editor-webhook-rotate-secret", args=[endpoint.pk])).status_code == 403
    refused = browser.post(
        reverse("editor-webhooks"), {"url": "https://hooks.example.org/x", "events": ["report.ready"]}
    )
    assert refused.status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and WebhookEndpoint.objects.count() == 1


def test_reviewers_and_anonymous_visitors_cannot_rotate_a_secret(client, reviewer):
    endpoint = WebhookEndpointFactory()
    secret = endpoint.secret
    url = reverse("editor-webhook-rotate-secret", args=[endpoint.pk])
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    client.force_login(reviewer)
    assert client.post(url).status_code == 403
    registering = client.post(
        reverse("editor-webhooks"), {"url": "https://hooks.example.org/x", "events": ["report.ready"]}
    )
    assert registering.status_code == 403 and WebhookEndpoint.objects.count() == 1
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
