from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.services.notifications import notification_send

pytestmark = pytest.mark.django_db


def test_reviewer_sees_a_badge_and_the_list_then_marks_read(client, reviewer, reviewer2):
    notification_send(recipient=reviewer, subject="Your verdict on claim 7 was overruled")
    notification_send(recipient=reviewer2, subject="Not for rita")
    client.force_login(reviewer)
    desk = client.get(reverse("review-desk"))
    assert b'id="notifications-badge">1<' in desk.content
    page = client.get(reverse("notifications"))
    assert b"Your verdict on claim 7 was overruled" in page.content and b"Not for rita" not in page.content
    client.post(reverse("notifications-read"))
    assert b"notifications-badge" not in client.get(reverse("review-desk")).content


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(reverse("notifications"))["Location"].startswith("/accounts/login/")
