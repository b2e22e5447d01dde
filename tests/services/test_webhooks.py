from __future__ import annotations

import json

import pytest

from reviews.exceptions import InvalidWebhook, WebhookDeliveryInFlight
from reviews.models import AuditEvent, DeliveryState, WebhookDelivery, WebhookEvent
from reviews.services.articles import article_ingest
from reviews.services.queue import claim_assign_next
from reviews.services.reports import report_compile, report_request
from reviews.services.verdicts import verdict_record
from reviews.services.webhooks import (
    SIGNATURE_HEADER,
    webhook_deliver,
    webhook_emit,
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
    webhook_redeliver,
    webhook_retry_delay,
    webhook_signature_valid,
)
from tests.factories import ArticleFactory, ClaimFactory, WebhookEndpointFactory, verdict_extras

pytestmark = pytest.mark.django_db
ALL_EVENTS = list(WebhookEvent.values)


def test_https_to_a_public_host_is_accepted(editor):
    endpoint = webhook_endpoint_create(user=editor, url="https://hooks.example.org/claims", events=["report.ready"])
    assert endpoint.url == "https://hooks.example.org/claims"


@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.org/claims", "http://127.0.0.1:8080/hook", "http://[::1]/hook", "http://localhost/x"],
)
def test_loopback_http_is_accepted_only_with_the_development_setting(editor, url, allow_loopback):
    endpoint = webhook_endpoint_create(user=editor, url=url, events=["claim.finalised"])
    assert endpoint.url == url and len(endpoint.secret) == 64
    assert AuditEvent.objects.filter(action="webhook_registered", actor=editor).exists()


@pytest.mark.parametrize(
    "url", ["http://hooks.example.org/claims", "http://10.0.0.5/hook", "ftp://127.0.0.1/x", "not a url"]
)
def test_plain_http_to_a_remote_address_and_other_schemes_are_refused(editor, url):
    with pytest.raises(InvalidWebhook):
        webhook_endpoint_create(user=editor, url=url, events=["claim.finalised"])


def test_unknown_or_no_events_are_refused(editor):
    with pytest.raises(InvalidWebhook, match="Unknown event"):
        webhook_endpoint_create(user=editor, url="https://example.org/h", events=["claim.eaten"])
    with pytest.raises(InvalidWebhook, match="at least one"):
        webhook_endpoint_create(user=editor, url="https://example.org/h", events=[])


def test_emit_queues_only_subscribed_active_endpoints_after_commit(editor, django_capture_on_commit_callbacks):
    wanted = webhook_endpoint_create(user=editor, url="https://hooks.example.org/a", events=["report.ready"])
    webhook_endpoint_create(user=editor, url="https://hooks.example.org/b", events=["claim.finalised"])
    paused = webhook_endpoint_create(user=editor, url="https://hooks.example.org/c", events=ALL_EVENTS)
    paused.is_active = False
    paused.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliveries = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 7})
    assert [d.endpoint_id for d in deliveries] == [wanted.pk]
    assert len(callbacks) == 1


def test_a_delivery_is_signed_with_the_endpoint_secret(editor, webhook_receiver):
    endpoint = webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=ALL_EVENTS)
    (delivery,) = webhook_emit(event=WebhookEvent.CLAIM_FINALISED, payload={"claim_id": 3, "status": "supported"})
    outcome = webhook_deliver(delivery_id=delivery.pk)
    assert (outcome.delivery.state, outcome.delivery.response_code, outcome.retry) == ("delivered", 200, False)
    (request,) = webhook_receiver.received
    assert webhook_signature_valid(secret=endpoint.secret, body=request.body, header=request.headers[SIGNATURE_HEADER])
    assert not webhook_signature_valid(secret="wrong", body=request.body, header=request.headers[SIGNATURE_HEADER])
    assert not webhook_signature_valid(
        secret=endpoint.secret,
        body=request.body.replace(b"supported", b"disputed"),
        header=request.headers[SIGNATURE_HEADER],
    )
    body = json.loads(request.body)
    assert body["event"] == "claim.finalised" and body["data"] == {"claim_id": 3, "status": "supported"}
    assert request.headers["X-Newsroom-Delivery"] == str(delivery.pk)
    # Run twice (a redelivered message): a delivered delivery is not sent again.
    assert webhook_deliver(delivery_id=delivery.pk).delivery.attempts == 1
    assert len(webhook_receiver.received) == 1


def test_a_failing_endpoint_is_retried_then_marked_failed_and_retried_by_hand(editor, webhook_receiver):
    webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=ALL_EVENTS)
    webhook_receiver.statuses = [500, 503, 502]
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 1})
    first = webhook_deliver(delivery_id=delivery.pk)
    assert (first.retry, first.delivery.state, first.delivery.response_code) == (True, "retrying", 500)
    with pytest.raises(WebhookDeliveryInFlight):
        webhook_redeliver(delivery_id=delivery.pk, user=editor)
    last = webhook_deliver(delivery_id=delivery.pk, final_attempt=True)
    assert (last.retry, last.delivery.state, last.delivery.attempts) == (False, "failed", 2)
    assert last.delivery.error == "HTTP 503"

    webhook_redeliver(delivery_id=delivery.pk, user=editor)
    assert WebhookDelivery.objects.get(pk=delivery.pk).state == DeliveryState.PENDING
    assert AuditEvent.objects.filter(action="webhook_redelivered", before="failed").exists()
    webhook_deliver(delivery_id=delivery.pk)  # 502
    done = webhook_deliver(delivery_id=delivery.pk)  # 200
    assert (done.delivery.state, done.delivery.attempts, done.delivery.response_code) == ("delivered", 4, 200)
    assert len(webhook_receiver.received) == 4


def test_an_unreachable_endpoint_records_the_connection_error(editor, webhook_receiver):
    webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=ALL_EVENTS)
    webhook_receiver.stop()
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={})
    outcome = webhook_deliver(delivery_id=delivery.pk)
    assert outcome.retry and outcome.delivery.response_code is None
    assert outcome.delivery.error == "connection failed"  # never the socket's own words


def test_backoff_grows_and_is_capped(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 3600
    assert [webhook_retry_delay(retries=n) for n in range(4)] == [30, 60, 120, 240]
    assert webhook_retry_delay(retries=20) == 3600


def test_services_emit_their_events(editor, reviewer, reviewer2, sample_text, django_capture_on_commit_callbacks):
    webhook_endpoint_create(user=editor, url="https://hooks.example.org/hook", events=ALL_EVENTS)
    with django_capture_on_commit_callbacks(execute=False):
        article = article_ingest(raw_text=sample_text, user=editor).article
        single = ClaimFactory(article=ArticleFactory(priority=10))
        assignment = claim_assign_next(reviewer=reviewer)
        assert assignment.claim_id == single.pk
        verdict_record(assignment_id=assignment.pk, reviewer=reviewer, verdict="speculative")
        double = ClaimFactory(article=ArticleFactory(required_reviews=2, priority=9))
        for user, verdict in ((reviewer, "supported"), (reviewer2, "needs_source")):
            held = claim_assign_next(reviewer=user)
            assert held.claim_id == double.pk
            verdict_record(assignment_id=held.pk, reviewer=user, verdict=verdict, **verdict_extras(verdict))
        report = report_request(user=editor, report_format="csv", article_id=article.pk)
        report_compile(report_id=report.pk)
    events = {(d.event, json.dumps(d.payload, sort_keys=True)) for d in WebhookDelivery.objects.all()}
    assert ("article.ingested", article.pk) in {(e, json.loads(p).get("article_id")) for e, p in events}
    payloads = {e: json.loads(p) for e, p in events}
    assert payloads["claim.finalised"] == {
        "claim_id": single.pk,
        "article_id": single.article_id,
        "status": "speculative",
    }
    assert payloads["claim.disputed"]["claim_id"] == double.pk
    assert payloads["report.ready"]["report_id"] == report.pk


def test_a_rolled_back_change_sends_nothing(editor, sample_text):
    webhook_endpoint_create(user=editor, url="https://hooks.example.org/hook", events=ALL_EVENTS)
    with pytest.raises(RuntimeError), pytest.MonkeyPatch.context() as patch:
        import reviews.services.articles as articles

        def boom(**kwargs: object) -> None:
            raise RuntimeError("audit down")

        patch.setattr(articles, "audit_record", boom)
        article_ingest(raw_text=sample_text, user=editor)
    assert not WebhookDelivery.objects.exists()


def test_rotating_the_secret_signs_with_the_new_one_and_the_old_one_stops_validating(editor, webhook_receiver):
    endpoint = webhook_endpoint_create(user=editor, url=webhook_receiver.url, events=ALL_EVENTS)
    old = endpoint.secret
    rotated = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, user=editor)
    assert rotated.secret != old and len(rotated.secret) == 64
    endpoint.refresh_from_db()
    assert endpoint.secret == rotated.secret  # stored: the server signs with it
    (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 9})
    assert webhook_deliver(delivery_id=delivery.pk).delivery.state == DeliveryState.DELIVERED
    (request,) = webhook_receiver.received
    header = request.headers[SIGNATURE_HEADER]
    assert webhook_signature_valid(secret=rotated.secret, body=request.body, header=header)
    assert not webhook_signature_valid(secret=old, body=request.body, header=header)


def test_rotation_is_audited_with_hints_and_never_the_secret(editor):
    endpoint = WebhookEndpointFactory()
    old = endpoint.secret
    rotated = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, user=editor)
    (event,) = AuditEvent.objects.filter(action="webhook_changed")
    assert event.actor == editor and event.data["endpoint"] == endpoint.pk and event.data["secret_rotated"] is True
    assert json.loads(event.before) == {"secret_hint": old[:6] + "…"}
    assert json.loads(event.after) == {"secret_hint": rotated.secret[:6] + "…"}
    stored = json.dumps([event.before, event.after, event.reason, event.data])
    assert old not in stored and rotated.secret not in stored


def test_each_rotation_makes_a_different_secret(editor):
    endpoint = WebhookEndpointFactory()
    seen = {endpoint.secret}
    for _ in range(3):
        seen.add(webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, user=editor).secret)
    assert len(seen) == 4


def test_no_audit_row_of_an_endpoint_carries_its_secret(editor):
    endpoint = webhook_endpoint_create(user=editor, url="https://hooks.example.org/a", events=["report.ready"])
    webhook_endpoint_update(endpoint=endpoint, user=editor, description="Desk bot", is_active=False)
    rows = list(AuditEvent.objects.filter(action__in=["webhook_registered", "webhook_changed"]))
    assert len(rows) == 2
    for row in rows:
        assert endpoint.secret not in json.dumps([row.before, row.after, row.reason, row.data])
