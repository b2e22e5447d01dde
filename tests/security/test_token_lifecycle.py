"""API tokens die with the password and the account, expire at a fixed time, and every step is audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.models import ApiToken, AuditAction, AuditEvent
from reviews.services.tokens import token_digest, token_issue, token_rotate, tokens_expire_due

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "staple-lantern-91"


def api_with(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def script_token(username: str = "rita") -> str:
    response = APIClient().post(
        reverse("api-token"), {"username": username, "password": "correct-horse-battery"}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def token_actions(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        event.action
        for event in AuditEvent.objects.filter(action__startswith="token_").order_by("at", "id")
        if event.data.get("user") == user.pk
    ]


def test_changing_the_password_revokes_the_api_token(client, reviewer):
    key = script_token()
    assert api_with(key).get(reverse("queue-held")).status_code == 200
    client.force_login(reviewer)
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api_with(key).get(reverse("queue-held")).status_code == 401
    assert not ApiToken.objects.filter(user=reviewer).exists()
    assert token_actions(reviewer)[-1] == AuditAction.TOKEN_REVOKED


def test_resetting_the_password_by_email_revokes_the_api_token(client, reviewer):
    reviewer.email = "rita@example.org"
    reviewer.save()
    key = script_token()
    client.post(reverse("password_reset"), {"email": "rita@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    reviewer.refresh_from_db()
    assert reviewer.check_password(NEW_PASSWORD)
    response = api_with(key).get(reverse("queue-held"))
    assert response.status_code == 401


def test_a_password_set_anywhere_else_revokes_it_too(reviewer):
    key = script_token()
    call_command_set_password(reviewer)
    assert api_with(key).get(reverse("queue-held")).status_code == 401


def call_command_set_password(user) -> None:  # type: ignore[no-untyped-def]
    # What the admin's password form and manage.py changepassword do.
    user.set_password(NEW_PASSWORD)
    user.save()


def test_saving_the_user_without_a_new_password_keeps_the_token(reviewer):
    key = script_token()
    reviewer.first_name = "Rita"
    reviewer.save()
    reviewer.check_password("correct-horse-battery")
    assert api_with(key).get(reverse("queue-held")).status_code == 200


def test_deactivating_the_account_revokes_the_token_and_reactivating_does_not_revive_it(reviewer):
    key = script_token()
    reviewer.is_active = False
    reviewer.save()
    assert not ApiToken.objects.filter(digest=token_digest(key)).exists()
    reviewer.is_active = True
    reviewer.save()
    assert api_with(key).get(reverse("queue-held")).status_code == 401
    assert token_actions(reviewer) == [AuditAction.TOKEN_ISSUED, AuditAction.TOKEN_REVOKED]


def age(key: str, days: float) -> None:
    aged = ApiToken.objects.filter(digest=token_digest(key)).update(created=timezone.now() - timedelta(days=days))
    assert aged == 1


def test_a_token_expires_a_fixed_time_after_issue_with_a_json_401(reviewer, settings):
    assert settings.API_TOKEN_TTL_DAYS == 30
    key = script_token()
    age(key, 29.9)
    assert api_with(key).get(reverse("queue-held")).status_code == 200
    age(key, 30.01)
    response = api_with(key).get(reverse("queue-held"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == "Token"
    error = response.json()["error"]
    assert error["code"] == "token_expired" and "expired" in error["message"]


def test_using_a_token_does_not_extend_it_and_the_lifetime_is_a_setting(reviewer, settings):
    settings.API_TOKEN_TTL_DAYS = 2
    key = script_token()
    age(key, 1.99)
    for _ in range(3):
        assert api_with(key).get(reverse("queue-held")).status_code == 200
    age(key, 2.01)
    assert api_with(key).get(reverse("queue-held")).status_code == 401


def test_rotation_starts_a_new_lifetime(reviewer):
    key = script_token()
    age(key, 29)
    rotated = api_with(key).post(reverse("api-token-rotate")).json()
    assert rotated["token"] != key
    assert timezone.datetime.fromisoformat(rotated["expires_at"]) > timezone.now() + timedelta(days=29.9)
    age(rotated["token"], 29.9)
    assert api_with(rotated["token"]).get(reverse("queue-held")).status_code == 200


def test_signing_in_again_after_expiry_issues_a_new_token(reviewer):
    key = script_token()
    age(key, 31)
    fresh = script_token()
    assert fresh != key
    assert api_with(fresh).get(reverse("queue-held")).status_code == 200
    assert token_actions(reviewer) == [AuditAction.TOKEN_ISSUED, AuditAction.TOKEN_EXPIRED, AuditAction.TOKEN_ISSUED]


def test_the_sweep_retires_expired_tokens_once_and_audits_it(reviewer, reviewer2):
    old = token_issue(user=reviewer, reason="Test.")
    token_issue(user=reviewer2, reason="Test.")
    age(old.key, 31)
    assert tokens_expire_due() == 1
    assert tokens_expire_due() == 0
    assert not ApiToken.objects.filter(user=reviewer).exists()
    assert ApiToken.objects.filter(user=reviewer2).exists()
    assert token_actions(reviewer) == [AuditAction.TOKEN_ISSUED, AuditAction.TOKEN_EXPIRED]


def test_issue_rotation_and_revocation_are_audited_without_the_key(reviewer):
    first = token_issue(user=reviewer, reason="Test.")
    second = token_rotate(user=reviewer)
    call_command_set_password(reviewer)
    assert token_actions(reviewer) == [AuditAction.TOKEN_ISSUED, AuditAction.TOKEN_ROTATED, AuditAction.TOKEN_REVOKED]
    for event in AuditEvent.objects.filter(action__startswith="token_"):
        text = f"{event.data} {event.reason} {event.before} {event.after}"
        assert first.key not in text and second.key not in text
        assert first.token.digest not in text and second.token.digest not in text
    rotated = AuditEvent.objects.get(action=AuditAction.TOKEN_ROTATED)
    assert rotated.actor_id == reviewer.pk


def test_the_token_shows_its_expiry(client, reviewer):
    issued = token_issue(user=reviewer, reason="Test.")
    client.force_login(reviewer)
    body = APIClient()
    body.force_authenticate(reviewer)
    shown = body.get(reverse("api-token-show")).json()
    assert set(shown) == {"prefix", "username", "created", "expires_at"}
    assert timezone.datetime.fromisoformat(shown["expires_at"]) == issued.expires_at
    page = client.get(reverse("account-token"))
    assert b"expires" in page.content


def test_the_beat_schedule_runs_the_expiry_sweep(settings):
    from reviews import tasks

    assert settings.CELERY_BEAT_SCHEDULE["expire-api-tokens"]["task"] == tasks.expire_api_tokens.name
    assert tasks.expire_api_tokens() == 0


def test_changepassword_command_path_is_the_same_hook(reviewer, monkeypatch):
    key = script_token()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "rita")
    assert api_with(key).get(reverse("queue-held")).status_code == 401


def test_tokens_revoked_in_the_admin_are_audited_with_the_admin_as_actor(client, admin_user, reviewer, reviewer2):
    key = script_token()
    other = token_issue(user=reviewer2, reason="Test.").key
    client.force_login(admin_user)
    token = ApiToken.objects.get(user=reviewer)
    deleted = client.post(reverse("admin:reviews_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert api_with(key).get(reverse("queue-held")).status_code == 401
    revoked = client.post(
        reverse("admin:reviews_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [ApiToken.objects.get(user=reviewer2).pk]},
    )
    assert revoked.status_code == 302
    assert api_with(other).get(reverse("queue-held")).status_code == 401
    events = AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).order_by("at", "id")
    assert [(event.data["user"], event.actor_id, event.reason) for event in events] == [
        (reviewer.pk, admin_user.pk, "Revoked in the admin."),
        (reviewer2.pk, admin_user.pk, "Revoked in the admin."),
    ]
