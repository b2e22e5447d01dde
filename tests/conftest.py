"""Shared fixtures: a named cast of users, the sample article, and a real Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import UserFactory
from tests.page_server import PageServer
from tests.webhook_receiver import Receiver

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "diplomatic-shift.txt"


def pytest_report_header(config: pytest.Config) -> list[str]:
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
    return [f"newsroom test backends: database={database}, celery broker={broker}"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.REPORTS_SCRATCH_DIR = str(tmp_path / "scratch")
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:  # type: ignore[no-untyped-def]
    # PBKDF2 costs ~0.5 s per user created; tests are not about hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _expiry_sweep_on_every_hand_out(settings) -> None:  # type: ignore[no-untyped-def]
    # Tests expire leases and expect the very next hand-out to see it; the per-process throttle
    # has its own test (tests/services/test_queue.py).
    settings.REVIEW_SWEEP_INTERVAL_SECONDS = 0


def s3_environment(prefix: str) -> dict[str, str]:
    """What a process needs to keep its reports in the test S3 server (SeaweedFS, started by bin/test),
    under ``prefix``; skips (fails with CI=true) when there is no server."""
    endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not endpoint:
        message = "no S3 server: TEST_S3_ENDPOINT_URL is unset (bin/test starts SeaweedFS and sets it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {
        "REPORTS_STORAGE_URL": f"s3://{os.environ['TEST_S3_BUCKET']}/{prefix}",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": os.environ["TEST_S3_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["TEST_S3_SECRET_ACCESS_KEY"],
    }


@pytest.fixture
def s3_reports(settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Report files go to the test S3 server under a key prefix of this test's own. Returns the
    environment that points a child process (a worker) at the same place."""
    from newsroom.storage_config import storage_config

    env = s3_environment(f"t-{uuid.uuid4().hex[:12]}")
    config = storage_config(env["REPORTS_STORAGE_URL"], env=env, url_expire_seconds=settings.REPORTS_URL_EXPIRE_SECONDS)
    config["OPTIONS"].update(access_key=env["AWS_ACCESS_KEY_ID"], secret_key=env["AWS_SECRET_ACCESS_KEY"])
    settings.STORAGES = {**settings.STORAGES, "reports": config}
    return env


@pytest.fixture
def reviewer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="rita", roles=["reviewer"])


@pytest.fixture
def reviewer2(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="rob", roles=["reviewer"])


@pytest.fixture
def editor(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="edna", roles=["editor"], is_staff=True)


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="ada", roles=["admin"], is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    """Logged in, but with no role at all."""
    return UserFactory(username="otto")


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_article(db, editor, sample_text):  # type: ignore[no-untyped-def]
    from reviews.services.articles import article_ingest

    return article_ingest(raw_text=sample_text, user=editor, desk="World").article


def database_url_for_subprocess() -> str:
    """A DATABASE_URL that points a child process at the current (test) database."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if " ready." in line:
                self.ready.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), killed if it has not stopped within 20 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_worker(
    extra_env: dict[str, str] | None = None, *, queues: tuple[str, ...] = (), hostname: str = ""
) -> WorkerProcess:
    """A real Celery worker on this test process's queues: all of them, or the kinds in ``queues``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env.update(
        DATABASE_URL=database_url_for_subprocess(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_QUEUE_PREFIX=settings.CELERY_QUEUE_PREFIX,
        CACHE_URL=settings.CACHE_URL,
        CACHE_KEY_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        REPORTS_SCRATCH_DIR=str(settings.REPORTS_SCRATCH_DIR),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra_env or {})
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "newsroom",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            ",".join(settings.NEWSROOM_QUEUES[kind] for kind in (queues or settings.QUEUE_KINDS)),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *(["-n", hostname] if hostname else []),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = WorkerProcess(process)
    if not worker.ready.wait(90):
        process.kill()
        raise RuntimeError(f"Celery worker did not start:\n{worker.output}")
    return worker


@pytest.fixture
def celery_worker(transactional_db) -> Iterator[WorkerProcess]:  # type: ignore[no-untyped-def]
    """A real Celery worker process on the configured broker, using the test database."""
    worker = start_worker()
    yield worker
    worker.stop()


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


# A public address that no test ever connects to (the guard below fails any test that tries).
PUBLIC_TEST_ADDRESS = "93.184.215.14"


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Outbound requests resolve names here, never through real DNS: add ``names[host] = [addresses]``.

    And they may connect to loopback only: a connection to anything else fails the test on the spot
    (``pytest.fail`` is not an Exception, so no error handling can swallow it)."""
    from reviews.services import outbound

    names: dict[str, list[str]] = {
        "localhost": ["127.0.0.1", "::1"],
        "hooks.example.org": [PUBLIC_TEST_ADDRESS],
        "example.org": [PUBLIC_TEST_ADDRESS],
    }
    real_open = outbound._open_socket

    def resolve(host: str, port: int) -> list[str]:
        return list(names.get(host, []))

    def open_loopback_only(address: str, port: int, timeout, options):  # type: ignore[no-untyped-def]
        import ipaddress

        if not ipaddress.ip_address(address).is_loopback:
            pytest.fail(f"a test tried to connect outside loopback: {address}:{port}")
        return real_open(address, port, timeout, options)

    monkeypatch.setattr(outbound, "_resolve_name", resolve)
    monkeypatch.setattr(outbound, "_open_socket", open_loopback_only)
    return names


@pytest.fixture
def allow_loopback(settings) -> None:  # type: ignore[no-untyped-def]
    """The development setting that lets outbound requests reach a receiver on this machine."""
    settings.OUTBOUND_ALLOW_LOOPBACK = True


@pytest.fixture
def page_server(allow_loopback) -> Iterator[PageServer]:  # type: ignore[no-untyped-def]
    """A web site on 127.0.0.1 (tests/page_server.py), reachable because this test allows loopback."""
    site = PageServer().start()
    yield site
    site.stop()


@pytest.fixture
def webhook_receiver(allow_loopback) -> Iterator[Receiver]:  # type: ignore[no-untyped-def]
    """An HTTP server on 127.0.0.1 (never anywhere else) recording the webhooks it receives."""
    receiver = Receiver().start()
    yield receiver
    receiver.stop()
