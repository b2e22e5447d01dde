"""Issue 13, item 1: webhooks cannot be turned against the network they run in.

Each attack of the outside test is replayed: registering internal destinations (through the service,
the API, the editor page and the admin), a name that changes what it resolves to after
registration, a redirect to an internal address, reading the response body back, and telling an
open port from a closed one by the error text. Names resolve through the stub resolver of
tests/conftest.py, and the socket layer fails the test on any connection or lookup outside loopback.
"""

from __future__ import annotations

import socket
import threading

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.exceptions import InvalidWebhook
from reviews.models import AuditEvent, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.services.webhooks import webhook_deliver, webhook_emit, webhook_endpoint_create, webhook_endpoint_update
from tests.network_guard import refuse_outside_loopback
from tests.security.test_deploy_settings import production_env, run
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

# The URLs the outside test registered, and the spellings it tried next.
ISSUE_URLS = [
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.1/",
    "https://[fd00::1]/",
    "http://127.0.0.1:5432/",
]
MORE_URLS = [
    "https://127.0.0.1:5432/",
    "https://localhost:6379/",
    "https://0.0.0.0:5432/",
    "https://100.64.0.1/",
    "https://192.168.0.1/admin",
    "https://[::ffff:169.254.169.254]/latest/meta-data/",
    "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
    "https://[2002:a9fe:a9fe::]/latest/meta-data/",
    "https://2852039166/latest/meta-data/",  # 169.254.169.254 as one number
    "https://0xa9fea9fe/",
    "https://0251.0376.0251.0376/",
    "https://169.254.43518/",
    "https://metadata.internal.example.org/latest/meta-data/",  # a name for 169.254.169.254
    "https://split.example.org/",  # public and private answers
    "https://hooks.example.org@10.0.0.1/",
]


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch, fake_dns) -> list[object]:  # type: ignore[no-untyped-def]
    fake_dns["metadata.internal.example.org"] = ["169.254.169.254"]
    fake_dns["split.example.org"] = ["93.184.215.14", "10.0.0.1"]
    return refuse_outside_loopback(monkeypatch)


@pytest.mark.parametrize("url", ISSUE_URLS + MORE_URLS)
def test_the_service_refuses_internal_destinations(editor, url, no_traffic_outside_loopback):
    with pytest.raises(InvalidWebhook):
        webhook_endpoint_create(user=editor, url=url, events=["report.ready"])
    assert not WebhookEndpoint.objects.exists()
    assert no_traffic_outside_loopback == []


@pytest.mark.parametrize("url", ISSUE_URLS)
def test_the_api_refuses_internal_destinations(editor, url):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post("/api/v1/webhooks/", {"url": url, "events": ["report.ready"]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_webhook"
    good = api.post(
        "/api/v1/webhooks/", {"url": "https://hooks.example.org/x", "events": ["report.ready"]}, format="json"
    )
    endpoint_id = good.json()["id"]
    changed = api.patch(f"/api/v1/webhooks/{endpoint_id}/", {"url": url}, format="json")
    assert changed.status_code == 400
    assert WebhookEndpoint.objects.get().url == "https://hooks.example.org/x"


@pytest.mark.parametrize("url", ISSUE_URLS)
def test_the_editor_page_refuses_internal_destinations(client, editor, url):
    client.force_login(editor)
    response = client.post(reverse("editor-webhooks"), {"url": url, "events": ["report.ready"]})
    assert response.status_code == 400
    assert b"refused" in response.content or b"must use HTTPS" in response.content
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_cannot_set_a_url_and_saves_through_the_service(client, editor):
    endpoint = webhook_endpoint_create(user=editor, url="https://hooks.example.org/x", events=["report.ready"])
    client.force_login(editor)
    change = reverse("admin:reviews_webhookendpoint_change", args=[endpoint.pk])
    response = client.post(change, {"url": "https://10.0.0.1/", "description": "paused", "is_active": ""})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.description, endpoint.is_active) == ("https://hooks.example.org/x", "paused", False)
    assert AuditEvent.objects.filter(action="webhook_changed", actor=editor).exists()
    assert client.get(reverse("admin:reviews_webhookendpoint_add")).status_code == 403


def test_a_name_that_turns_internal_after_registration_is_refused_at_delivery(
    editor, fake_dns, no_traffic_outside_loopback
):
    fake_dns["rebind.example.org"] = ["93.184.215.14"]
    webhook_endpoint_create(user=editor, url="https://rebind.example.org/hook", events=["report.ready"])
    fake_dns["rebind.example.org"] = ["169.254.169.254"]
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 1})
    outcome = webhook_deliver(delivery_id=delivery.pk)
    assert (outcome.retry, outcome.delivery.state, outcome.delivery.response_code) == (True, "retrying", None)
    assert outcome.delivery.error.startswith("refused")
    assert no_traffic_outside_loopback == []


@pytest.mark.parametrize("url", ["https://10.0.0.1/", "https://[::ffff:127.0.0.1]:5432/", "http://127.0.0.1:9/"])
def test_an_endpoint_stored_before_the_fix_is_refused_at_delivery(editor, url, no_traffic_outside_loopback):
    endpoint = WebhookEndpoint.objects.create(url=url, events=["report.ready"], created_by=editor)
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={})
    outcome = webhook_deliver(delivery_id=delivery.pk, final_attempt=True)
    assert (outcome.delivery.state, outcome.delivery.response_code) == ("failed", None)
    assert outcome.delivery.error.startswith("refused"), outcome.delivery.error
    assert endpoint.deliveries.count() == 1 and no_traffic_outside_loopback == []


def test_loopback_is_refused_at_delivery_once_the_development_setting_is_off(editor, webhook_receiver, settings):
    webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=["report.ready"])
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={})
    outcome = webhook_deliver(delivery_id=delivery.pk)
    assert outcome.delivery.error.startswith("refused") and webhook_receiver.received == []
    with pytest.raises(InvalidWebhook):
        webhook_endpoint_update(endpoint=delivery.endpoint, user=editor, url=webhook_receiver.url)


@pytest.fixture
def internal_service(allow_loopback):  # type: ignore[no-untyped-def]
    """Stands for a service inside the network (a metadata endpoint, an admin page)."""
    service = Receiver().start()
    service.body = b" INTERNAL-SECRET"
    yield service
    service.stop()


def test_a_redirect_to_a_refused_address_is_not_followed_and_fails_the_delivery(
    editor, webhook_receiver, internal_service, no_traffic_outside_loopback
):
    port = internal_service.server.server_address[1]
    webhook_receiver.statuses = [302, 307]
    webhook_receiver.headers = {"Location": f"http://0.0.0.0:{port}/latest/meta-data/"}
    webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=["report.ready"])
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={})
    first = webhook_deliver(delivery_id=delivery.pk)
    assert (first.retry, first.delivery.state, first.delivery.response_code) == (True, "retrying", 302)
    assert first.delivery.error == "redirect not followed (HTTP 302)"
    last = webhook_deliver(delivery_id=delivery.pk, final_attempt=True)
    assert (last.delivery.state, last.delivery.error) == ("failed", "redirect not followed (HTTP 307)")
    assert len(webhook_receiver.received) == 2 and internal_service.received == []
    assert no_traffic_outside_loopback == []


def test_the_response_body_is_neither_stored_nor_shown(client, editor, internal_service):
    webhook_endpoint_create(user=editor, url=internal_service.url, events=["report.ready"])
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={})
    done = webhook_deliver(delivery_id=delivery.pk).delivery
    assert (done.state, done.response_code) == ("delivered", 200)
    stored = WebhookDelivery.objects.filter(pk=done.pk).values().get()
    assert not any("INTERNAL-SECRET" in str(value) for value in stored.values())
    client.force_login(editor)
    pages = [
        reverse("admin:reviews_webhookdelivery_change", args=[done.pk]),
        reverse("admin:reviews_webhookdelivery_changelist"),
        reverse("editor-webhooks"),
        f"/api/v1/webhook-deliveries/{done.pk}/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and b"INTERNAL-SECRET" not in response.content, page
    assert stored["response_ms"] is not None and stored["response_ms"] >= 0  # the timing is kept instead


def test_the_error_does_not_tell_an_open_port_from_a_closed_one(editor, allow_loopback):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    database_like = socket.socket()  # open, speaks something else than HTTP
    database_like.bind(("127.0.0.1", 0))
    database_like.listen(1)
    try:
        errors = []
        for port in (closed_port, database_like.getsockname()[1]):
            endpoint = webhook_endpoint_create(user=editor, url=f"http://127.0.0.1:{port}/", events=["report.ready"])
            delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="report.ready", payload={})
            if port != closed_port:
                # answer garbage and hang up, like a non-HTTP service would
                def garbage() -> None:
                    connection, _ = database_like.accept()
                    connection.recv(100)
                    connection.sendall(b"\x00\x00\x00\x08\x04\xd2\x16/")
                    connection.close()

                threading.Thread(target=garbage, daemon=True).start()
            errors.append(webhook_deliver(delivery_id=delivery.pk).delivery.error)
    finally:
        database_like.close()
    assert errors == ["connection failed", "connection failed"]


def test_check_deploy_refuses_the_loopback_development_setting():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(OUTBOUND_ALLOW_LOOPBACK="1")
    )
    assert result.returncode != 0
    assert "OUTBOUND_ALLOW_LOOPBACK" in result.stdout + result.stderr


def test_the_development_setting_is_off_by_default():
    code = "import django; django.setup(); from django.conf import settings; print(settings.OUTBOUND_ALLOW_LOOPBACK)"
    for env in (production_env(), {**production_env(), "DEBUG": "1"}):
        result = run(["-c", code], env)
        assert result.stdout.strip() == "False", result.stderr
