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


# --- the per-account limit across addresses ---------------------------------------------------------


@pytest.fixture
def account_limit(settings):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.core.cache import cache

    settings.AXES_FAILURE_LIMIT = 3
    settings.ACCOUNT_FAILURE_LIMIT = 4
    settings.ACCOUNT_COOLOFF = timedelta(seconds=2)
    cache.clear()
    yield
    cache.clear()


def login_from(client, address: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": "rita", "password": password}, REMOTE_ADDR=address)


def test_failures_spread_over_many_addresses_give_the_account_a_cool_off(client, reviewer, account_limit):
    # Two failures from each of two addresses: no address reaches its own limit of 3...
    for address in ("203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2"):
        assert login_from(client, address, "wrong").status_code == 200
    # ...but the account has had 4: a fifth address with the right password is refused for now.
    response = login_from(client, "203.0.113.3", "correct-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_api_token_endpoint_applies_the_per_account_limit_too(reviewer, account_limit):
    from rest_framework.test import APIClient

    api = APIClient()
    for n in range(4):
        api.post(
            reverse("api-token"),
            {"username": "rita", "password": "wrong"},
            format="json",
            REMOTE_ADDR=f"203.0.113.{n + 10}",
        )
    response = api.post(
        reverse("api-token"),
        {"username": "rita", "password": "correct-horse-battery"},
        format="json",
        REMOTE_ADDR="203.0.113.50",
    )
    assert response.status_code == 429 and "token" not in response.content.decode()


def test_the_account_cool_off_is_short_and_needs_fresh_failures_to_start_again(client, reviewer, account_limit):
    import time

    for n in range(4):
        login_from(client, f"203.0.113.{n + 20}", "wrong")
    assert login_from(client, "203.0.113.30", "correct-horse-battery").status_code == 429
    # Attempts during the cool-off (refused, even with the wrong password) do not prolong it.
    assert login_from(client, "203.0.113.31", "wrong").status_code == 429
    time.sleep(2.1)
    # One more failure after the cool-off is not enough to start another: the old batch does not count.
    assert login_from(client, "203.0.113.32", "wrong").status_code == 200
    assert login_from(client, "203.0.113.33", "correct-horse-battery").status_code == 302


def test_an_attacker_cannot_lock_the_user_out_of_an_address_they_signed_in_from(client, reviewer, account_limit):
    from django.test import Client

    assert login_from(client, "198.51.100.5", "correct-horse-battery").status_code == 302  # the user's usual address
    attacker = Client()
    for n in range(6):
        login_from(attacker, f"203.0.113.{n + 40}", "wrong")
    assert login_from(attacker, "203.0.113.60", "correct-horse-battery").status_code == 429
    user = Client()
    assert login_from(user, "198.51.100.5", "correct-horse-battery").status_code == 302


def test_the_per_account_limit_is_per_account(client, reviewer, reviewer2, account_limit):
    for n in range(4):
        login_from(client, f"203.0.113.{n + 70}", "wrong")
    rob = client.post(
        reverse("login"), {"username": "rob", "password": "correct-horse-battery"}, REMOTE_ADDR="203.0.113.80"
    )
    assert rob.status_code == 302


def test_the_cool_off_key_of_the_longest_username_is_short_and_never_shared(account_limit):
    import warnings

    from django.core.cache import cache
    from django.core.cache.backends.base import CacheKeyWarning

    from reviews.services.login_limits import _key

    # Two 150-character names (the model's maximum) that differ only in their last character.
    first, second = "é" * 149 + "a", "é" * 149 + "b"
    assert _key("until", first) != _key("until", second)
    assert len(cache.make_key(_key("until", first))) <= 250
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        cache.set(_key("until", first), 1, timeout=5)
        assert cache.get(_key("until", first)) == 1 and cache.get(_key("until", second)) is None
