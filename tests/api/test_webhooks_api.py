from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import AuditEvent, DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create
from tests.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_editor_registers_lists_and_pauses_an_endpoint(api, editor):
    api.force_authenticate(editor)
    response = api.post(
        "/api/v1/webhooks/", {"url": "https://hooks.example.org/x", "events": ["claim.finalised"]}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["events"] == ["claim.finalised"] and len(body["secret"]) == 64
    assert api.get("/api/v1/webhooks/").json()["count"] == 1
    paused = api.patch(f"/api/v1/webhooks/{body['id']}/", {"is_active": False}, format="json")
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    assert "secret" not in paused.json()


def test_the_secret_is_in_the_create_answer_only(api, editor):
    api.force_authenticate(editor)
    created = api.post(
        "/api/v1/webhooks/", {"url": "https://hooks.example.org/x", "events": ["report.ready"]}, format="json"
    )
    assert created.status_code == 201 and created["Cache-Control"] == "no-store"
    secret = created.json()["secret"]
    assert secret == WebhookEndpoint.objects.get().secret
    assert created.json()["secret_hint"] == secret[:6] + "…"
    endpoint_id = created.json()["id"]
    listed = api.get("/api/v1/webhooks/")
    detail = api.get(f"/api/v1/webhooks/{endpoint_id}/")
    for response in (listed, detail):
        assert response.status_code == 200 and secret.encode() not in response.content
    assert "secret" not in detail.json() and detail.json()["secret_hint"] == secret[:6] + "…"
    assert [row["secret_hint"] for row in listed.json()["results"]] == [secret[:6] + "…"]


def test_an_editor_rotates_the_secret_and_sees_the_new_one_once(api, editor):
    endpoint = WebhookEndpointFactory()
    old = endpoint.secret
    api.force_authenticate(editor)
    response = api.post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    new = response.json()["secret"]
    endpoint.refresh_from_db()
    assert new == endpoint.secret != old
    assert AuditEvent.objects.filter(action="webhook_changed", actor=editor, data__endpoint=endpoint.pk).count() == 1
    detail = api.get(f"/api/v1/webhooks/{endpoint.pk}/")
    assert new.encode() not in detail.content and old.encode() not in detail.content
    assert api.post("/api/v1/webhooks/999999/rotate-secret/").status_code == 404


def test_reviewers_and_anonymous_callers_cannot_rotate_a_secret(api, reviewer):
    endpoint = WebhookEndpointFactory()
    secret = endpoint.secret
    anonymous = api.post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret/")
    assert anonymous.status_code == 401
    api.force_authenticate(reviewer)
    refused = api.post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret/")
    assert refused.status_code == 403 and secret.encode() not in refused.content
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and not AuditEvent.objects.filter(action="webhook_changed").exists()


def test_plain_http_to_a_remote_host_is_refused(api, editor):
    api.force_authenticate(editor)
    response = api.post("/api/v1/webhooks/", {"url": "http://example.org/x", "events": ["report.ready"]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_webhook"
    assert not WebhookEndpoint.objects.exists()


def test_reviewers_cannot_see_webhooks(api, reviewer):
    api.force_authenticate(reviewer)
    assert api.get("/api/v1/webhooks/").status_code == 403
    assert api.get("/api/v1/webhook-deliveries/").status_code == 403


def test_editor_retries_a_failed_delivery_but_not_one_in_flight(api, editor, django_capture_on_commit_callbacks):
    webhook_endpoint_create(user=editor, url="https://hooks.example.org/hook", events=["report.ready"])
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 1})
    api.force_authenticate(editor)
    in_flight = api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/retry/")
    assert in_flight.status_code == 409
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, attempts=6, response_code=500)
    listed = api.get("/api/v1/webhook-deliveries/?state=failed").json()
    assert [(d["id"], d["attempts"], d["response_code"]) for d in listed["results"]] == [(delivery.pk, 6, 500)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retried = api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/retry/")
    assert retried.status_code == 202 and retried.json()["state"] == "pending"
    assert len(callbacks) == 1


def test_the_schema_describes_webhooks(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/webhooks/" in paths and "/api/v1/webhook-deliveries/{id}/retry/" in paths
    schemas = response.json()["components"]["schemas"]

    def answer(path: str, method: str, status: str) -> str:
        ref = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        return ref.rsplit("/", 1)[-1]

    # The secret is described where it is sent (registration, rotation) and nowhere else.
    with_secret = answer("/api/v1/webhooks/", "post", "201")
    assert with_secret == answer("/api/v1/webhooks/{id}/rotate-secret/", "post", "200")
    assert "secret" in schemas[with_secret]["properties"]
    detail = answer("/api/v1/webhooks/{id}/", "get", "200")
    assert "secret" not in schemas[detail]["properties"] and "secret_hint" in schemas[detail]["properties"]
