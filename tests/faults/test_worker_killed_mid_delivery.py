"""A worker is SIGKILLed while it is in the middle of a webhook delivery (reports have their own test).

The task is acks_late with reject-on-worker-lost, so the broker hands the message to the next
worker once its visibility timeout passes: the delivery is made, recorded once, and the endpoint
may see the same delivery id twice (at-least-once; the id header lets it deduplicate).
"""

from __future__ import annotations

import shutil
import signal
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from newsroom.celery import app
from reviews.models import DeliveryState, WebhookDelivery, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create
from tests.conftest import start_worker, wait_for
from tests.faults.private_redis import PrivateRedis, use_broker

pytestmark = [
    pytest.mark.slow,
    pytest.mark.worker,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


class SlowFirstReceiver:
    """Holds the first POST open (so the worker can be killed inside it), answers the rest at once."""

    def __init__(self) -> None:
        self.bodies: list[tuple[dict[str, str], bytes]] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.bodies.append((dict(self.headers.items()), body))
                if len(receiver.bodies) == 1:
                    receiver.release.wait(30)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[SlowFirstReceiver]:
    server = SlowFirstReceiver()
    yield server
    server.stop()


@pytest.fixture
def private_broker(tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A short visibility timeout restores every unacked message on its broker, other tests' too: private."""
    server = PrivateRedis(tmp_path)
    server.start()
    previous = app.conf.broker_write_url
    use_broker(server.url)
    yield server.url
    use_broker(previous)
    server.stop()


def test_a_delivery_interrupted_by_a_killed_worker_is_made_by_the_next_worker(
    transactional_db, editor, receiver, private_broker, allow_loopback
):
    quick_redelivery = {
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_BROKER_URL": private_broker,
        "OUTBOUND_ALLOW_LOOPBACK": "1",  # the receiver is on this machine
    }
    webhook_endpoint_create(user=editor, url=receiver.url, events=["report.ready"])
    first = start_worker(quick_redelivery)
    second = None
    try:
        with transaction.atomic():
            (delivery,) = webhook_emit(event=WebhookEvent.REPORT_READY, payload={"report_id": 7})
        wait_for(lambda: receiver.bodies, timeout=60)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(10)
        receiver.release.set()
        assert WebhookDelivery.objects.get(pk=delivery.pk).state != DeliveryState.DELIVERED

        time.sleep(3)  # past the visibility timeout: the unacknowledged message is handed out again
        second = start_worker(quick_redelivery)
        done = wait_for(
            lambda: WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.DELIVERED).first(), timeout=90
        )
        assert done.response_code == 200
        assert len(receiver.bodies) == 2
        ids = {headers.get("X-Newsroom-Delivery") for headers, _ in receiver.bodies}
        assert len(ids) == 1, ids  # the same delivery twice, recognisably
        assert receiver.bodies[0][1] == receiver.bodies[1][1]
    finally:
        first.stop()
        if second is not None:
            second.stop()
