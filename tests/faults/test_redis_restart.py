"""Redis (the broker) stops and comes back while a real worker runs and editors request reports.

Uses a PRIVATE redis-server on a spare port (never the shared one on 6379) and restores it.
While it is down a report request still succeeds (the row waits, with the reason); once it is
back the worker reconnects by itself and the sweeper re-sends what could not be sent.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator

import pytest
from django.conf import settings

from newsroom.celery import app
from reviews.models import Report, ReportState
from reviews.services.reports import report_request, report_sweep_stuck
from tests.conftest import start_worker, wait_for
from tests.factories import ClaimFactory
from tests.faults.private_redis import PrivateRedis, use_broker

pytestmark = [
    pytest.mark.slow,
    pytest.mark.worker,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


@pytest.fixture
def redis(tmp_path, transactional_db) -> Iterator[PrivateRedis]:  # type: ignore[no-untyped-def]
    server = PrivateRedis(tmp_path)
    server.start()
    previous = app.conf.broker_write_url
    use_broker(server.url)
    yield server
    use_broker(previous)
    server.stop()


def test_reports_survive_the_broker_stopping_and_coming_back(redis, editor):
    article_id = ClaimFactory(status="supported").article_id
    worker = start_worker({"CELERY_BROKER_URL": redis.url})
    try:
        before = report_request(user=editor, report_format="csv", article_id=article_id)
        try:
            wait_for(lambda: Report.objects.filter(pk=before.pk, state=ReportState.DONE).exists(), timeout=60)
        except AssertionError:
            raise AssertionError(f"{Report.objects.get(pk=before.pk).__dict__}\n{worker.output[-3000:]}") from None

        redis.stop()
        started = time.monotonic()
        during = report_request(user=editor, report_format="json", article_id=article_id)
        assert time.monotonic() - started < 15, "a request waited too long on a dead broker"
        during.refresh_from_db()
        assert during.state == ReportState.QUEUED
        assert "could not be reached" in during.dispatch_error

        redis.start()
        assert report_sweep_stuck() == [during.pk]
        wait_for(lambda: Report.objects.filter(pk=during.pk, state=ReportState.DONE).exists(), timeout=90)
        after = report_request(user=editor, report_format="html", article_id=article_id)
        wait_for(lambda: Report.objects.filter(pk=after.pk, state=ReportState.DONE).exists(), timeout=60)

        assert worker.process.poll() is None, "the worker died instead of reconnecting"
        assert all(r.checksum for r in Report.objects.all())
        assert Report.objects.filter(state=ReportState.DONE).count() == 3
    finally:
        worker.stop()
    assert redis.url != settings.CELERY_BROKER_URL  # the shared broker setting was never changed
