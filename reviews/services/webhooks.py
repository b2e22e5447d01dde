"""Outgoing webhooks: editors register endpoints; services emit events; a Celery task delivers them.

``webhook_emit`` is what other services call. It writes one ``WebhookDelivery`` row per
subscribed endpoint inside the caller's transaction (so a rolled-back change sends nothing) and
enqueues the deliveries with ``transaction.on_commit``. Each POST carries the JSON body
``{"id", "event", "occurred_at", "data"}`` and the headers ``X-Newsroom-Event``,
``X-Newsroom-Delivery`` and ``X-Newsroom-Signature: sha256=<hex HMAC-SHA256(secret, body)>``.
A delivery may arrive twice (a worker lost mid-request is retried): receivers de-duplicate on
``X-Newsroom-Delivery``.

An endpoint's secret is stored as it is (signing needs it) but shown once, in the answer that makes it:
registration or ``webhook_endpoint_rotate_secret``. Everything else (lists, details, the page, the admin,
the audit trail) shows at most ``WebhookEndpoint.secret_hint``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists
from django.utils import timezone

from reviews.dispatch import enqueue_on_commit
from reviews.exceptions import InvalidWebhook, OutboundError, OutboundRefused, WebhookDeliveryInFlight
from reviews.models import AuditAction, DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookEvent
from reviews.models.webhooks import new_webhook_secret
from reviews.services import outbound
from reviews.services.audit import audit_record, audit_values

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SIGNATURE_HEADER = "X-Newsroom-Signature"
EVENT_HEADER = "X-Newsroom-Event"
DELIVERY_HEADER = "X-Newsroom-Delivery"


@dataclass(frozen=True)
class AttemptOutcome:
    delivery: WebhookDelivery
    retry: bool


def webhook_signature(*, secret: str, body: bytes) -> str:
    """The value of the signature header for ``body``: ``sha256=<hex digest>``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_signature_valid(*, secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(webhook_signature(secret=secret, body=body), header or "")


def webhook_url_check(url: str) -> str:
    """Refuse any URL that is not HTTPS to public addresses only (see reviews/services/outbound.py).

    Checked at registration and again before every delivery: what a name resolves to can change.
    """
    url = url.strip()
    if len(url) > 1000:
        raise InvalidWebhook("Not a valid URL: longer than 1,000 characters.")
    try:
        outbound.check_url(url, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    except OutboundRefused as refused:
        message = refused.message
        if "must use HTTPS" in message:
            message = "Webhook URLs must use HTTPS (plain HTTP only to a loopback receiver in development)."
        raise InvalidWebhook(message) from None
    except OutboundError:  # the name did not resolve in time
        raise InvalidWebhook("refused: the host name could not be resolved in time.") from None
    return url


def _events_check(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise InvalidWebhook(f"Unknown event(s) {', '.join(unknown)}; choose from {', '.join(WebhookEvent.values)}.")
    if not events:
        raise InvalidWebhook("Subscribe the endpoint to at least one event.")
    return [event for event in WebhookEvent.values if event in events]


def webhook_endpoint_create(*, user: User, url: str, events: list[str], description: str = "") -> WebhookEndpoint:
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            url=webhook_url_check(url),
            events=_events_check(events),
            description=description.strip()[:200],
            created_by=user,
        )
        audit_record(
            action=AuditAction.WEBHOOK_REGISTERED,
            actor=user,
            data={"endpoint": endpoint.pk, "url": endpoint.url, "events": endpoint.events},
        )
    return endpoint


def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    user: User,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    def state() -> dict[str, object]:
        return {
            "url": endpoint.url,
            "events": endpoint.events,
            "description": endpoint.description,
            "active": endpoint.is_active,
        }

    before = state()
    if url is not None:
        endpoint.url = webhook_url_check(url)
    if events is not None:
        endpoint.events = _events_check(events)
    if description is not None:
        endpoint.description = description.strip()[:200]
    if is_active is not None:
        endpoint.is_active = is_active
    with transaction.atomic():
        endpoint.save()
        after = state()
        changed = [name for name in before if before[name] != after[name]]
        audit_record(
            action=AuditAction.WEBHOOK_CHANGED,
            actor=user,
            before=audit_values({name: before[name] for name in changed}),
            after=audit_values({name: after[name] for name in changed}),
            data={
                "endpoint": endpoint.pk,
                "url": endpoint.url,
                "events": endpoint.events,
                "active": endpoint.is_active,
            },
        )
    return endpoint


def webhook_endpoint_rotate_secret(*, endpoint_id: int, user: User) -> WebhookEndpoint:
    """Give the endpoint a new random secret; deliveries from now on are signed with it, the old one stops validating.

    Hand the returned endpoint's ``secret`` to the editor in the answer to their request: it is not shown
    again. Audited as a change with the old and new hints, never the secret. A delivery already being
    retried is signed with the new secret at its next attempt (the body is the same; only the key changes).
    """
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
        before = endpoint.secret_hint
        endpoint.secret = new_webhook_secret()
        endpoint.save(update_fields=["secret"])
        audit_record(
            action=AuditAction.WEBHOOK_CHANGED,
            actor=user,
            before=audit_values({"secret_hint": before}),
            after=audit_values({"secret_hint": endpoint.secret_hint}),
            reason="Signing secret rotated.",
            data={"endpoint": endpoint.pk, "url": endpoint.url, "secret_rotated": True},
        )
    return endpoint


def webhook_endpoint_delete(*, endpoint_id: int, user: User) -> None:
    """Delete an endpoint and its deliveries (admins, in the admin); the audit trail keeps what it was."""
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id).first()
        if endpoint is None:
            return
        audit_record(
            action=AuditAction.WEBHOOK_CHANGED,
            actor=user,
            before=audit_values(
                {"url": endpoint.url, "events": endpoint.events, "active": endpoint.is_active, "id": endpoint.pk}
            ),
            after="deleted",
            data={"endpoint": endpoint.pk, "deliveries": endpoint.deliveries.count()},
        )
        endpoint.delete()


def webhook_endpoints_active() -> Exists:
    """Whether any endpoint is active, as an expression another query can carry (see ``webhook_emit``)."""
    return Exists(WebhookEndpoint.objects.filter(is_active=True))


def webhook_emit(
    *, event: WebhookEvent | str, payload: dict[str, object], endpoints_active: bool | None = None
) -> list[WebhookDelivery]:
    """Queue ``event`` for every active endpoint subscribed to it; sent once the caller commits.

    ``endpoints_active``: ``webhook_endpoints_active`` as the caller read it in this transaction;
    ``False`` spares the query for the endpoints (a verdict reads it with its lease).
    """
    event = WebhookEvent(event)
    if endpoints_active is False:
        return []
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(is_active=True) if endpoint.wants(event)]
    if not endpoints:
        return []
    # Round-trip through JSON so dates, decimals and lazy strings are stored as plain values.
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    deliveries = [
        WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=data) for endpoint in endpoints
    ]
    for delivery in deliveries:
        _enqueue_on_commit(delivery.pk)
    return deliveries


def _enqueue_on_commit(delivery_id: int) -> None:
    enqueue_on_commit("reviews.deliver_webhook", delivery_id)


def webhook_body(delivery: WebhookDelivery) -> bytes:
    """The exact bytes POSTed (and signed): stable across attempts of one delivery."""
    body = {
        "id": delivery.pk,
        "event": delivery.event,
        "occurred_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def webhook_deliver(*, delivery_id: int, final_attempt: bool = False) -> AttemptOutcome:
    """Make one attempt at ``delivery_id`` and record it. ``retry`` says whether to try again later.

    A delivered delivery is left alone (safe to run twice). A 2xx answer delivers; anything else
    (an error status, a redirect, which is never followed, a refused destination, a failed
    connection, a timeout) is recorded, and after the last attempt the delivery is marked failed:
    an editor can retry it by hand. The URL is checked again here (through ``outbound.fetch``);
    only the status code and the time taken are kept, never the response body.
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.state in (DeliveryState.DELIVERED, DeliveryState.FAILED):
        return AttemptOutcome(delivery=delivery, retry=False)
    endpoint = delivery.endpoint
    body = webhook_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "newsroom-claim-review-webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
        SIGNATURE_HEADER: webhook_signature(secret=endpoint.secret, body=body),
    }
    code: int | None = None
    error = ""
    started = time.monotonic()
    try:
        result = outbound.fetch(
            url=endpoint.url,
            method="POST",
            body=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            max_bytes=0,  # the answer's body is never read, let alone stored
        )
    except OutboundError as failure:
        error = failure.message
    else:
        code = result.status
        if result.is_redirect:
            error = f"redirect not followed (HTTP {code})"
        elif not result.ok:
            error = f"HTTP {code}"
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_code = code
    delivery.response_ms = round((time.monotonic() - started) * 1000)
    ok = code is not None and not error
    if ok:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        delivery.error = ""
    else:
        delivery.error = error
        delivery.state = DeliveryState.FAILED if final_attempt else DeliveryState.RETRYING
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_code",
            "response_ms",
            "state",
            "delivered_at",
            "error",
        ]
    )
    return AttemptOutcome(delivery=delivery, retry=not ok and not final_attempt)


def webhook_retry_delay(*, retries: int) -> float:
    """Exponential backoff between attempts: base, 2x base, 4x base... capped."""
    return float(min(settings.WEBHOOK_RETRY_BASE_SECONDS * (2**retries), settings.WEBHOOK_RETRY_MAX_SECONDS))


def webhook_redeliver(*, delivery_id: int, user: User) -> WebhookDelivery:
    """Send a failed (or already delivered) delivery again, by hand. Refused while one is in flight."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery_id)
        if delivery.state in (DeliveryState.PENDING, DeliveryState.RETRYING):
            raise WebhookDeliveryInFlight(f"Delivery #{delivery.pk} is still being attempted; wait for it to finish.")
        before = delivery.state
        delivery.state = DeliveryState.PENDING
        delivery.error = ""
        delivery.save(update_fields=["state", "error"])
        audit_record(
            action=AuditAction.WEBHOOK_REDELIVERED,
            actor=user,
            before=before,
            after=DeliveryState.PENDING,
            data={"delivery": delivery.pk, "endpoint": delivery.endpoint_id, "event": delivery.event},
        )
        _enqueue_on_commit(delivery.pk)
    return delivery
