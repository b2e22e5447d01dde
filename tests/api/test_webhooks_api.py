from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create

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
