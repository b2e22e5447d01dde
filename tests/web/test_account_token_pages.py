"""The account page makes an API key by POST/redirect/GET: the POST answers 303, the next GET shows the
key once, and nothing after it (a reload, another session, another user) shows it or makes another."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from reviews.models import ApiToken
from reviews.services.tokens import token_for_key
from reviews.web import show_once
from reviews.web.account import SHOWN_ONCE as SHOWN

pytestmark = pytest.mark.django_db

PAGE = "account-token"
MAKE = "account-token-rotate"


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin_user"])
def test_the_post_redirects_and_the_next_get_alone_shows_the_key(client, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    made = client.post(reverse(MAKE))
    assert made.status_code == 303 and made["Location"] == reverse(PAGE)
    assert "no-store" in made["Cache-Control"] and b"token" not in made.content.lower()
    shown = client.get(reverse(PAGE))
    assert shown.status_code == 200
    key = shown.context["new_key"]
    assert token_for_key(key).user == user
    assert key.encode() in shown.content and b"it will not be shown again" in shown.content
    assert "no-store" in shown["Cache-Control"] and "private" in shown["Cache-Control"]
    reloaded = client.get(reverse(PAGE))  # what a browser reload sends: a GET, not the POST again
    assert key.encode() not in reloaded.content and "new_key" not in reloaded.context
    assert b"it will not be shown again" not in reloaded.content and b"can no longer be shown" not in reloaded.content
    assert f"{key[:8]}…".encode() in reloaded.content
    assert list(ApiToken.objects.filter(user=user).values_list("prefix", flat=True)) == [key[:8]]


def test_rotating_says_the_old_key_stopped_working(client, editor):
    client.force_login(editor)
    first = client.post(reverse(MAKE), follow=True).context["new_key"]
    second = client.post(reverse(MAKE), follow=True)
    assert second.context["new_key"] != first and b"Any token you had before no longer works" in second.content
    assert token_for_key(first) is None


def test_another_session_never_sees_the_key(client, editor, reviewer):
    client.force_login(editor)
    assert client.post(reverse(MAKE)).status_code == 303
    same_user_elsewhere, other_user = Client(), Client()
    same_user_elsewhere.force_login(editor)
    other_user.force_login(reviewer)
    for other in (same_user_elsewhere, other_user):
        page = other.get(reverse(PAGE))
        assert "new_key" not in page.context and b"not be shown again" not in page.content
    assert "new_key" in client.get(reverse(PAGE)).context  # still waiting for its own session


def test_a_handle_copied_into_another_users_session_shows_nothing(client, editor, reviewer):
    client.force_login(editor)
    client.post(reverse(MAKE))
    handle = client.session[f"show-once:{SHOWN}"]
    thief = Client()
    thief.force_login(reviewer)
    session = thief.session
    session[f"show-once:{SHOWN}"] = handle
    session.save()
    page = thief.get(reverse(PAGE))
    assert "new_key" not in page.context and b"can no longer be shown" in page.content
    assert "new_key" not in client.get(reverse(PAGE)).context  # taken (and refused): gone for everyone


def test_a_key_not_picked_up_in_time_is_not_shown(client, editor):
    client.force_login(editor)
    client.post(reverse(MAKE))
    cache.delete(f"show-once:{client.session[f'show-once:{SHOWN}']}")  # as when TTL_SECONDS have passed
    page = client.get(reverse(PAGE))
    assert "new_key" not in page.context and b"can no longer be shown" in page.content
    assert page.context["token"] is not None  # it was made; rotating makes another
    assert b"can no longer be shown" not in client.get(reverse(PAGE)).content


def test_a_key_replaced_before_its_page_is_not_shown(client, editor):
    client.force_login(editor)
    client.post(reverse(MAKE))
    handle = client.session[f"show-once:{SHOWN}"]
    stale = cache.get(f"show-once:{handle}")["value"]["key"]
    ApiToken.objects.filter(user=editor).delete()  # e.g. rotated through the API meanwhile, or revoked
    page = client.get(reverse(PAGE))
    assert stale.encode() not in page.content and b"can no longer be shown" in page.content


def test_the_key_waits_in_the_cache_for_minutes_at_most(client, editor, monkeypatch):
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout: timeouts.append(timeout) or real_set(key, value, timeout)
    )
    client.force_login(editor)
    client.post(reverse(MAKE))
    assert timeouts == [show_once.TTL_SECONDS] and 0 < show_once.TTL_SECONDS <= 600


def test_anonymous_visitors_cannot_make_a_key_and_it_needs_a_post(client, editor):
    anonymous = client.post(reverse(MAKE))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert not ApiToken.objects.exists()
    client.force_login(editor)
    assert client.get(reverse(MAKE)).status_code == 405
    assert not ApiToken.objects.exists()


def test_the_form_keeps_its_csrf_check(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post(reverse(MAKE)).status_code == 403
    assert not ApiToken.objects.exists()
    page = browser.get(reverse(PAGE))
    assert b"csrfmiddlewaretoken" in page.content
