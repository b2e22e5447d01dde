"""Limits that hold with many processes: one shared cache, one client-address rule, no forged-header escape."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import RequestFactory
from rest_framework.test import APIClient

from newsroom.client_address import client_address
from tests.conftest import REPO, database_url_for_subprocess

TOKEN_URL = "/api/v1/auth/token/"  # anonymous; an empty body is a 400 after the throttle, without a query


def uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"] == "newsroom.cache.RedisCache"


needs_redis = pytest.mark.skipif(
    not uses_redis() and os.environ.get("CI") != "true",
    reason="CACHE_URL is not Redis here (bin/test uses Redis when 127.0.0.1:6379 answers)",
)


@pytest.fixture
def fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def anon_rate(settings, rate: str) -> None:  # type: ignore[no-untyped-def]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": rate, "user": "1000/minute"},
    }


# --- the cache ---------------------------------------------------------------------------------


@needs_redis
def test_the_default_cache_is_the_brokers_redis_with_a_per_run_and_per_worker_prefix():
    entry = settings.CACHES["default"]
    assert entry["LOCATION"] == settings.CACHE_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        assert entry["KEY_PREFIX"].endswith("-" + worker)
    if os.environ.get("CACHE_KEY_PREFIX"):  # bin/test: one prefix per run
        assert entry["KEY_PREFIX"].startswith(os.environ["CACHE_KEY_PREFIX"])


@needs_redis
def test_clearing_the_cache_leaves_other_keys_in_the_same_redis_database_alone():
    client = caches["default"]._cache.get_client(write=True)
    other = f"celery-like-queue-{uuid.uuid4().hex}"
    client.set(other, b"message", ex=60)
    cache.set("mine", 1, 60)
    try:
        cache.clear()
        assert cache.get("mine") is None
        assert client.get(other) == b"message"  # the stock RedisCache.clear() would FLUSHDB here
    finally:
        client.delete(other)


def test_cache_url_schemes():
    from newsroom.cache import cache_settings

    assert cache_settings(url="redis://h:6379/1", key_prefix="p")["BACKEND"] == "newsroom.cache.RedisCache"
    assert cache_settings(url="locmem://", key_prefix="p")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_settings(url="memcached://h", key_prefix="p")


# --- the client address ------------------------------------------------------------------------


def test_no_proxy_is_trusted_by_default_so_forwarded_headers_are_ignored(settings):
    assert settings.NUM_PROXIES == 0
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_address(request) == "198.51.100.7"


def test_behind_trusted_proxies_the_address_they_appended_counts_not_what_the_client_wrote(settings):
    settings.NUM_PROXIES = 1
    header = "1.2.3.4, 203.0.113.9"  # the client wrote 1.2.3.4; our proxy appended what it saw
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == "203.0.113.9"
    settings.NUM_PROXIES = 2
    assert client_address(request) == "1.2.3.4"
    bad = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(bad) == "10.0.0.2"


def test_axes_and_the_throttles_use_the_same_address_rule(settings):
    from axes.helpers import get_client_ip_address

    from reviews.api.throttling import AnonThrottle

    settings.NUM_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert get_client_ip_address(request) == AnonThrottle().get_ident(request) == "203.0.113.9"


@pytest.mark.django_db
def test_a_random_x_forwarded_for_per_request_does_not_escape_the_anonymous_throttle(settings, fresh_throttles):
    anon_rate(settings, "3/minute")
    api = APIClient()
    statuses = [
        api.post(TOKEN_URL, {}, format="json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(6)
    ]
    assert statuses == [400, 400, 400, 429, 429, 429]


# --- across processes --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(port: int) -> int:
    request = urllib.request.Request(  # loopback only
        f"http://127.0.0.1:{port}{TOKEN_URL}", data=b"{}", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited early"
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start listening")


@needs_redis
@pytest.mark.slow
@pytest.mark.django_db
def test_the_anonymous_throttle_holds_across_two_web_processes():
    """Two gunicorn processes (one worker each) sharing only the cache: 3/minute means 3 in total."""
    prefix = f"{settings.CACHES['default']['KEY_PREFIX']}-xproc-{uuid.uuid4().hex[:8]}"
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env.update(
        DATABASE_URL=database_url_for_subprocess(),
        CACHE_URL=settings.CACHE_URL,
        CACHE_KEY_PREFIX=prefix,
        API_THROTTLE_ANON="3/minute",
        PYTHONUNBUFFERED="1",
    )
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_listening(port, process)
        statuses = [post(ports[n % 2]) for n in range(8)]
        assert statuses.count(400) == 3, statuses  # per-process counting lets 6 through
        assert statuses.count(429) == 5, statuses
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
