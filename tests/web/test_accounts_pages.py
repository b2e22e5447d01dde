"""Password change and reset through Django's auth views and our templates."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_reviewer_changes_their_password(client, reviewer):
    client.force_login(reviewer)
    form = client.get(reverse("password_change"))
    assert form.status_code == 200 and b"Change your password" in form.content
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "staple-lantern-91",
            "new_password2": "staple-lantern-91",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    reviewer.refresh_from_db()
    assert reviewer.check_password("staple-lantern-91")


def test_a_wrong_old_password_is_refused(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "staple-lantern-91", "new_password2": "staple-lantern-91"},
    )
    assert response.status_code == 200 and b"incorrectly" in response.content
    reviewer.refresh_from_db()
    assert reviewer.check_password("correct-horse-battery")


def test_password_reset_by_email_link(client, reviewer):
    reviewer.email = "rita@example.org"
    reviewer.save()
    assert b"Forgot your password?" in client.get(reverse("login")).content
    response = client.post(reverse("password_reset"), {"email": "rita@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "staple-lantern-91", "new_password2": "staple-lantern-91"}
    )
    assert done["Location"] == reverse("password_reset_complete")
    reviewer.refresh_from_db()
    assert reviewer.check_password("staple-lantern-91")
    assert b"no longer works" in client.get(link, follow=True).content  # the link works once


def test_an_unknown_address_sends_nothing_and_says_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done") and not mail.outbox
