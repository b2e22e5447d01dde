"""django-axes: repeated failed logins lock the account out, on the login page and the API token endpoint."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse


@pytest.fixture(autouse=True)
def _limit(settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3


def login(client, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": "rita", "password": password})


def token(api, password: str):  # type: ignore[no-untyped-def]
    return api.post(reverse("api-token"), {"username": "rita", "password": password}, format="json")


def test_a_right_password_logs_in(client, reviewer):
    assert login(client, "correct-horse-battery").status_code == 302


def test_the_login_page_locks_out_after_repeated_failures_even_for_the_right_password(client, reviewer):
    assert [login(client, f"wrong-{n}").status_code for n in range(2)] == [200, 200]
    assert login(client, "wrong-2").status_code == 429
    response = login(client, "correct-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_api_token_endpoint_issues_a_token_for_the_right_password(reviewer):
    from rest_framework.test import APIClient

    api = APIClient()
    response = token(api, "correct-horse-battery")
    assert response.status_code == 200
    key = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("queue-held")).status_code == 200


def test_the_api_token_endpoint_locks_out_too(reviewer):
    from rest_framework.test import APIClient

    api = APIClient()
    statuses = [token(api, f"wrong-{n}").status_code for n in range(3)]
    assert statuses == [400, 400, 429]
    response = token(api, "correct-horse-battery")
    assert response.status_code == 429
    assert "token" not in response.content.decode()


def test_a_lockout_is_per_account_and_address_so_others_still_log_in(client, reviewer, reviewer2):
    for n in range(3):
        login(client, f"wrong-{n}")
    assert client.post(reverse("login"), {"username": "rob", "password": "correct-horse-battery"}).status_code == 302


@pytest.mark.parametrize("weak", ["password", "12345678", "short", "qwertyuiop"])
def test_weak_passwords_are_refused(reviewer, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=reviewer)
