from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_a_script_logs_in_gets_a_token_and_rotates_it(reviewer):
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": "rita", "password": "correct-horse-battery"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    issued = response.json()
    key = issued["token"]
    assert set(issued) == {"token", "prefix", "username", "created", "expires_at"} and key.startswith(issued["prefix"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    shown = api.get("/api/v1/token/").json()
    assert shown == {name: issued[name] for name in ("prefix", "username", "created", "expires_at")}
    rotated = api.post("/api/v1/token/rotate/")
    assert rotated.status_code == 201 and rotated["Cache-Control"] == "no-store"
    assert rotated.json()["token"] != key
    assert api.get("/api/v1/token/").status_code == 401  # the old key is revoked
    api.credentials(HTTP_AUTHORIZATION=f"Token {rotated.json()['token']}")
    assert api.get("/api/v1/queue/held/").status_code == 200
    assert api.get("/api/v1/token/").json()["prefix"] == rotated.json()["prefix"]


def test_the_read_endpoint_never_carries_a_key_and_says_how_to_get_one(reviewer):
    api = APIClient()
    api.force_authenticate(reviewer)
    missing = api.get("/api/v1/token/")
    assert missing.status_code == 404
    error = missing.json()["error"]
    assert error["code"] == "no_api_token" and "/api/v1/token/rotate/" in error["message"]
    key = api.post("/api/v1/token/rotate/").json()["token"]
    shown = api.get("/api/v1/token/")
    assert shown.status_code == 200 and "token" not in shown.json() and key not in shown.content.decode()
    # Nothing was there to rotate: the first key is audited as issued, the next as rotated.
    api.post("/api/v1/token/rotate/")
    assert list(AuditEvent.objects.filter(action__startswith="token_").values_list("action", flat=True)) == [
        AuditAction.TOKEN_ISSUED,
        AuditAction.TOKEN_ROTATED,
    ]


def test_exchanging_the_password_again_makes_a_new_key_and_retires_the_old_one(reviewer):
    """Only digests are stored: the existing key cannot be handed out again, so a second exchange replaces it."""
    api = APIClient()
    credentials = {"username": "rita", "password": "correct-horse-battery"}
    first = api.post("/api/v1/auth/token/", credentials).json()["token"]
    second = api.post("/api/v1/auth/token/", credentials).json()["token"]
    assert first != second
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get("/api/v1/queue/held/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get("/api/v1/queue/held/").status_code == 200
    events = AuditEvent.objects.filter(action__startswith="token_").order_by("at", "id")
    assert [(event.action, event.reason) for event in events] == [
        (AuditAction.TOKEN_ISSUED, "Issued for a username and password."),
        (AuditAction.TOKEN_ROTATED, "Issued for a username and password."),
    ]


def test_the_account_page_shows_a_new_key_once_then_only_its_prefix(client, editor):
    client.force_login(editor)
    empty = client.get(reverse("account-token"))
    assert empty.context["token"] is None and b"You have no API token" in empty.content
    made = client.post(reverse("account-token-rotate"), follow=True)
    assert made.redirect_chain == [(reverse("account-token"), 303)] and "no-store" in made["Cache-Control"]
    assert b"Any token you had before" not in made.content
    key = made.context["new_key"]
    assert key.encode() in made.content and b"it will not be shown again" in made.content
    again = client.get(reverse("account-token"))
    assert key.encode() not in again.content and "new_key" not in again.context
    prefix = again.context["token"].prefix
    assert key.startswith(prefix) and f"{prefix}…".encode() in again.content
    rotated = client.post(reverse("account-token-rotate"), follow=True)
    assert rotated.context["new_key"] != key and b"Any token you had before no longer works" in rotated.content
    assert rotated.context["new_key"].encode() not in client.get(reverse("account-token")).content
    client.logout()
    assert client.get(reverse("account-token")).status_code == 302
