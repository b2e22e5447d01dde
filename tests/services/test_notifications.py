from __future__ import annotations

import pytest
from django.core import mail

from reviews.models import Notification
from reviews.services.notifications import notification_email, notification_mark_read, notification_send
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_notification_is_stored_and_emailed_after_commit(reviewer, django_capture_on_commit_callbacks):
    reviewer.email = "rita@example.org"
    reviewer.save()
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notification_send(
            recipient=reviewer, subject="Your verdict was overruled", body="Edna decided: speculative.", claim=claim
        )
    assert len(callbacks) == 1 and not mail.outbox  # nothing is sent before commit
    notification_email(notification_id=notification.pk)
    (message,) = mail.outbox
    assert message.to == ["rita@example.org"] and message.subject == "Your verdict was overruled"
    assert "Edna decided: speculative." in message.body and "/notifications/" in message.body
    notification_email(notification_id=notification.pk)  # idempotent
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_a_recipient_without_an_address_keeps_the_in_app_notification(reviewer):
    notification = notification_send(recipient=reviewer, subject="Hello")
    notification_email(notification_id=notification.pk)
    assert not mail.outbox
    stored = Notification.objects.get(pk=notification.pk)
    assert stored.emailed_at is None and "no email address" in stored.email_error


def test_mark_read_touches_only_the_users_own_notifications(reviewer, reviewer2):
    mine = notification_send(recipient=reviewer, subject="a")
    notification_send(recipient=reviewer, subject="b")
    theirs = notification_send(recipient=reviewer2, subject="c")
    assert notification_mark_read(user=reviewer, notification_ids=[mine.pk, theirs.pk]) == 1
    assert notification_mark_read(user=reviewer) == 1
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_an_adjudication_tells_the_overruled_reviewer_in_the_app_and_by_email(
    reviewer, reviewer2, editor, django_capture_on_commit_callbacks
):
    from reviews.services.adjudication import claim_adjudicate
    from reviews.services.queue import claim_assign_next
    from reviews.services.verdicts import verdict_record
    from tests.factories import ArticleFactory, verdict_extras

    reviewer.email = "rita@example.org"
    reviewer.save()
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    for user, verdict in ((reviewer, "supported"), (reviewer2, "speculative")):
        held = claim_assign_next(reviewer=user)
        verdict_record(assignment_id=held.pk, reviewer=user, verdict=verdict, **verdict_extras(verdict))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claim_adjudicate(claim_id=claim.pk, editor=editor, status="speculative", reason="the hedge decides it")
    (notice,) = Notification.objects.all()
    assert (notice.recipient, notice.kind, notice.claim_id) == (reviewer, "adjudicated_against", claim.pk)
    assert "overruled" in notice.subject and "the hedge decides it" in notice.body
    assert len(callbacks) == 1 and not mail.outbox  # the email goes after commit
    notification_email(notification_id=notice.pk)
    assert mail.outbox[0].to == ["rita@example.org"]
