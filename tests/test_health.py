"""Health checks: /healthz for web processes, ``manage.py worker_check`` (Celery inspect) for workers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import REPO, start_worker


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_is_200_with_json_when_the_database_and_the_cache_answer(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_cache_when_it_is_unreachable(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "unavailable"}}
    assert "127.0.0.1" not in response.content.decode()  # which dependency, never where it is


def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{_closed_port()}/nowhere",
        CACHE_URL="locmem://",
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}}


@pytest.mark.django_db
def test_healthz_answers_plain_http_when_every_other_page_redirects_to_https(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/healthz").status_code == 200


needs_redis_broker = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis") and os.environ.get("CI") != "true",
    reason="Celery's remote inspection needs a broker with broadcast (Redis); this run uses "
    + settings.CELERY_BROKER_URL.split("://", 1)[0],
)


@needs_redis_broker
@pytest.mark.worker
@pytest.mark.slow
def test_worker_check_passes_for_a_worker_consuming_its_queues_and_fails_otherwise(transactional_db, capsys) -> None:  # type: ignore[no-untyped-def]
    node = f"reports-{uuid.uuid4().hex[:8]}@check"
    worker = start_worker(queues=("default", "reports"), hostname=node)
    try:
        call_command("worker_check", "--hostname", node, "--queue", "default", "--queue", "reports", "--timeout", "5")
        found = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert found["healthy"] == [node]
        assert found["queues"][node] == sorted(settings.NEWSROOM_QUEUES[k] for k in ("default", "reports"))
        with pytest.raises(CommandError, match="No answering worker consumes .*matching"):
            call_command("worker_check", "--hostname", node, "--queue", "matching", "--timeout", "5")
    finally:
        worker.stop()
    with pytest.raises(CommandError, match=f"Worker {node} did not answer within 2"):
        call_command("worker_check", "--hostname", node, "--timeout", "2")
