from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_script_logs_in_gets_a_token_and_rotates_it(reviewer):
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": "rita", "password": "correct-horse-battery"})
    assert response.status_code == 200
    key = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/token/").json()["token"] == key
    rotated = api.post("/api/v1/token/rotate/")
    assert rotated.status_code == 201 and rotated.json()["token"] != key
    assert api.get("/api/v1/token/").status_code == 401  # the old key is revoked
    api.credentials(HTTP_AUTHORIZATION=f"Token {rotated.json()['token']}")
    assert api.get("/api/v1/queue/held/").status_code == 200


def test_the_account_page_shows_and_rotates_the_token(client, editor):
    client.force_login(editor)
    page = client.get(reverse("account-token"))
    key = page.context["token"].key
    assert key.encode() in page.content
    client.post(reverse("account-token-rotate"))
    assert client.get(reverse("account-token")).context["token"].key != key
    client.logout()
    assert client.get(reverse("account-token")).status_code == 302
