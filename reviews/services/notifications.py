"""Telling a user something: a row they see in the app (badge and list) and an email sent after commit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from reviews.dispatch import enqueue_on_commit
from reviews.models import AuditAction, Claim, Notification, NotificationKind
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def notification_send(
    *,
    recipient: User,
    subject: str,
    body: str = "",
    kind: NotificationKind | str = NotificationKind.GENERAL,
    claim: Claim | None = None,
) -> Notification:
    """Store the notification now; email it once the caller's transaction commits."""
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient, kind=NotificationKind(kind), subject=subject[:200], body=body, claim=claim
        )
        audit_record(
            action=AuditAction.NOTIFICATION_SENT,
            claim=claim,
            data={"notification": notification.pk, "recipient": recipient.pk, "kind": notification.kind},
        )
        enqueue_on_commit("reviews.email_notification", notification.pk)
    return notification


def notification_email(*, notification_id: int) -> Notification:
    """Send the email for one notification. Idempotent: an emailed notification is not sent again."""
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if notification.emailed_at is not None:
        return notification
    address = getattr(notification.recipient, "email", "")
    if not address:
        Notification.objects.filter(pk=notification.pk).update(email_error="The recipient has no email address.")
        notification.email_error = "The recipient has no email address."
        return notification
    text = f"{notification.body}\n\nSee it in the app: {settings.NEWSROOM_URL.rstrip('/')}/notifications/\n"
    send_mail(notification.subject, text, settings.DEFAULT_FROM_EMAIL, [address])
    notification.emailed_at = timezone.now()
    notification.email_error = ""
    Notification.objects.filter(pk=notification.pk).update(emailed_at=notification.emailed_at, email_error="")
    return notification


def notification_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications (all, or the given ones) read. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def notify_overruled_reviewers(
    *, claim: Claim, editor: User, reason: str, how: str = "adjudicated the dispute as"
) -> list[Notification]:
    """After an adjudication or an override: tell each reviewer of this round whose verdict lost, in the app
    and by email."""
    from reviews.models import Review

    overruled = (
        Review.objects.filter(claim=claim, review_round=claim.review_round)
        .exclude(verdict=claim.status)
        .select_related("reviewer")
    )
    decided = claim.get_status_display()
    sent = []
    for review in overruled:
        sent.append(
            notification_send(
                recipient=review.reviewer,
                kind=NotificationKind.ADJUDICATED_AGAINST,
                claim=claim,
                subject=f"Your verdict on claim #{claim.pk} was overruled",
                body=(
                    f"You said {review.get_verdict_display()!s}; {editor.get_username()} {how} "
                    f"{decided}.\nReason: {reason}\nClaim: {claim.text}"
                ),
            )
        )
    return sent
