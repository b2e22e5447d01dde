"""Report compilation under faults, with real worker processes and a private Redis this test starts.

The shared Redis on 6379 is never stopped or reconfigured: these tests start their own
``redis-server --port <spare> --save "" --appendonly no`` and point both this process and the workers at it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from pypdf import PdfReader

from benchmarks.reports import reports_seed
from reviews.models import Claim, Report, ReportState
from reviews.services.reports import report_request
from tests.conftest import WorkerProcess, start_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = _spare_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=15, interval=0.1)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed (bin/system-packages.txt lists it)", pytrace=False)
        pytest.skip("redis-server is not installed")
    redis = PrivateRedis(binary)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def app_on(private_redis):  # type: ignore[no-untyped-def]
    """Point this process's Celery app (what report_request publishes through) at the private Redis."""
    from newsroom.celery import app

    def reset() -> None:  # what Celery itself does after a fork: forget the pools, build new ones on use
        app._pool = None
        app.amqp._producer_pool = None

    names = ("broker_url", "broker_read_url", "broker_write_url", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=private_redis.url,
        broker_read_url=private_redis.url,
        broker_write_url=private_redis.url,
        broker_transport_options={},
    )
    reset()
    assert app.connection_for_write().as_uri().endswith(f":{private_redis.port}/0")
    yield private_redis
    app.conf.update(saved)
    reset()


@pytest.fixture
def workers() -> Iterator[list[WorkerProcess]]:
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait(10)


@pytest.fixture
def roles(transactional_db):  # type: ignore[no-untyped-def]
    """An earlier transactional test may have flushed the groups the role migration created."""
    for name in ("reviewer", "editor", "admin"):
        Group.objects.get_or_create(name=name)


def _report_files() -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / settings.REPORTS_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _scratch_files() -> list[str]:
    folder = Path(settings.REPORTS_SCRATCH_DIR)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_worker_killed_mid_report_is_replaced_and_the_report_completes_once(app_on, workers, roles, tmp_path):
    seed = reports_seed(claims=1500)
    env = {"CELERY_BROKER_URL": app_on.url, "REPORT_CHUNK_SIZE": "100"}
    workers.append(start_worker(env))
    today = Claim.objects.latest("pk").article.ingested_at.date().isoformat()
    report = report_request(
        user=None, report_format="pdf", scope="batch", parameters={"since": today, "until": today, "desk": seed.desk}
    )
    try:
        wait_for(
            lambda: Report.objects.filter(pk=report.pk, state=ReportState.RUNNING, progress_done__gte=200).exists(),
            timeout=120,
            interval=0.05,
        )
    except AssertionError:
        row = Report.objects.values("state", "progress_done", "progress_total", "error").get(pk=report.pk)
        raise AssertionError(f"{row}\n{workers[0].output[-3000:]}") from None
    os.kill(workers[0].process.pid, signal.SIGKILL)
    workers[0].process.wait(10)
    killed = Report.objects.get(pk=report.pk)
    assert killed.state == ReportState.RUNNING and killed.progress_done < killed.progress_total == 1500
    assert _report_files() == []  # nothing half-written is stored
    assert [name for name in _scratch_files() if name.startswith(f".partial-report-{report.pk}-")]

    # A new worker: Redis hands the unacknowledged message back after its visibility timeout, and the
    # run takes the report over once the dead run's heartbeat is older than the stale limit.
    workers.append(start_worker({**env, "CELERY_VISIBILITY_TIMEOUT": "5", "REPORT_HEARTBEAT_STALE_SECONDS": "3"}))
    done = wait_for(lambda: Report.objects.filter(pk=report.pk, state=ReportState.DONE).first(), timeout=240)
    assert done.attempts == 2
    assert _report_files() == [f"report-{report.pk}.pdf"]
    assert _scratch_files() == []  # the debris of the killed run is gone
    assert Report.objects.count() == 1
    assert workers[1].output.count("reviews.compile_report") >= 1

    reader = PdfReader(Path(settings.MEDIA_ROOT) / done.file.name)
    text = "\n".join(page.extract_text() for page in reader.pages)
    ids = Counter(map(int, re.findall(r"Claim ID (\d+)", text)))
    claims = Claim.objects.filter(article__desk=seed.desk)
    assert ids == Counter(claims.values_list("pk", flat=True))  # each claim exactly once: none lost or doubled
