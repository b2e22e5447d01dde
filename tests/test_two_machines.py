"""Two machines on one: the processes of deploy/Procfile, split over two "machines" that share no disk.

Machine A runs ``web`` and ``worker`` (default and reports queues), machine B runs ``web`` and
``matching``; each has its own NEWSROOM_VAR_DIR (so its own MEDIA_ROOT and scratch folder). They share
only PostgreSQL, Redis (broker and cache) and the S3 store (SeaweedFS, started by bin/test). An article
goes from ingest (on A) through matching (B's worker) and review (both web processes) to every report
format, each downloaded from the web process that did not request it; the anonymous throttle counts
across both web processes; /healthz and worker_check answer for each machine.

With ``NEWSROOM_TWO_MACHINES_TIMINGS`` set to a file path, the test writes its timings there as JSON
(the bench's ``two_machines`` phase runs this test and reports them).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from reviews.models import Claim, ClaimEmbedding, Report, ReportFormat
from reviews.services.tokens import token_issue
from tests.conftest import REPO, database_url_for_subprocess, s3_environment, wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.worker]

ARTICLE = (
    "Council Passes Budget\n"
    "The council approved a $48 million budget on Tuesday, the mayor said.\n"
    "Unemployment has risen to 4.8% from 3.9% a year earlier, according to the statistics office.\n"
    "The city built 120 new homes in 2025, the housing department reported.\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_processes() -> dict[str, str]:
    lines = (REPO / "deploy" / "Procfile").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if line and not line.startswith("#"))  # type: ignore[misc]


class Machine:
    """Processes started from deploy/Procfile (through deploy/run) with this machine's environment."""

    def __init__(self, name: str, processes: tuple[str, ...], env: dict[str, str], root: Path) -> None:
        self.name, self.processes, self.root = name, processes, root
        self.port = _free_port()
        self.node = f"{name}-{uuid.uuid4().hex[:6]}"
        self.var = root / "var"
        self.static = root / "static"
        self.env = {
            **env,
            "NEWSROOM_VAR_DIR": str(self.var),
            "STATIC_ROOT": str(self.static),
            "WEB_BIND": f"127.0.0.1:{self.port}",
            "NEWSROOM_NODE": self.node,
        }
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def log(self, process: str) -> Path:
        return self.root / f"{process}.log"

    def collectstatic(self) -> subprocess.Popen[bytes]:
        """What a release does on each web machine before starting it (deploy/Procfile's header): the
        hashed, compressed static files and their manifest, which DEBUG=0 pages need, into this machine's
        own STATIC_ROOT. Returns the running command (both machines do it at once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        argv = [str(REPO / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"]
        with self.log("collectstatic").open("wb") as log:
            return subprocess.Popen(argv, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def collected(self, command: subprocess.Popen[bytes]) -> None:
        # 12 MB of admin, API-docs and app files hashed and compressed (brotli, gzip): seconds on an idle
        # machine, minutes on a shared one
        assert command.wait(900) == 0, self.output("collectstatic")[-3000:]
        assert (self.static / "staticfiles.json").exists()

    def start(self) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        for process in self.processes:
            with self.log(process).open("wb") as log:
                self.running[process] = subprocess.Popen(
                    ["bash", str(REPO / "deploy" / "run"), process],
                    cwd=REPO,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: gunicorn's and celery's children stop with it
                )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self, process: str) -> str:
        log = self.log(process)
        return log.read_text(errors="replace") if log.exists() else ""

    def assert_alive(self) -> None:
        for process, popen in self.running.items():
            assert popen.poll() is None, f"{self.name} {process} exited:\n{self.output(process)[-3000:]}"

    def stop(self) -> None:
        for popen in self.running.values():
            if popen.poll() is None:
                os.killpg(popen.pid, signal.SIGTERM)
        for popen in self.running.values():
            try:
                popen.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(popen.pid, signal.SIGKILL)
                popen.wait(10)


def http(method: str, url: str, *, token: str = "", body: dict[str, object] | None = None) -> tuple[int, dict, bytes]:  # type: ignore[type-arg]
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_two_machines_share_only_the_database_the_broker_the_cache_and_the_object_store(transactional_db, tmp_path):  # type: ignore[no-untyped-def]
    if not settings.CELERY_BROKER_URL.startswith("redis") or not settings.CACHE_URL.startswith("redis"):
        message = "two machines need Redis as broker and cache (bin/test uses it when 127.0.0.1:6379 answers)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    assert {"web", "worker", "matching"} <= set(procfile_processes())
    run = uuid.uuid4().hex[:8]
    shared = {key: value for key, value in os.environ.items() if key not in {"PYTEST_XDIST_WORKER", "MEDIA_ROOT"}}
    shared.update(s3_environment(f"two-machines-{run}"))
    shared.update(
        DATABASE_URL=database_url_for_subprocess(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_QUEUE_PREFIX=f"{settings.CELERY_QUEUE_PREFIX}2m-{run}-",
        CACHE_URL=settings.CACHE_URL,
        CACHE_KEY_PREFIX=f"2m-{run}",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; everything else is production
        API_THROTTLE_ANON="4/minute",
        WEB_CONCURRENCY="1",
        WORKER_CONCURRENCY="2",
        PYTHONUNBUFFERED="1",
    )
    for name in ("REPORTS_SCRATCH_DIR", "NEWSROOM_VAR_DIR"):
        shared.pop(name, None)
    a = Machine("machine-a", ("web", "worker"), shared, tmp_path / "a")
    b = Machine("machine-b", ("web", "matching"), shared, tmp_path / "b")

    editor = UserFactory(username="edna", roles=["editor"], is_staff=True)
    reviewers = [UserFactory(username=name, roles=["reviewer"]) for name in ("rita", "rob")]
    editor_token = token_issue(user=editor, reason="Test.").key  # only its digest is in the database
    reviewer_tokens = [token_issue(user=user, reason="Test.").key for user in reviewers]
    started = time.monotonic()
    timings: dict[str, float] = {}
    try:
        collecting = [(machine, machine.collectstatic()) for machine in (a, b)]
        for machine, command in collecting:
            machine.collected(command)
        a.start()
        b.start()

        def up() -> bool:
            a.assert_alive()
            b.assert_alive()
            ready = all(" ready." in m.output(p) for m, p in ((a, "worker"), (b, "matching")))
            try:
                return ready and all(http("GET", m.url("/healthz"))[0] == 200 for m in (a, b))
            except OSError:
                return False

        wait_for(up, timeout=120, interval=0.5)
        timings["start_s"] = time.monotonic() - started  # collectstatic on both, four processes up
        for machine in (a, b):
            status, _, body = http("GET", machine.url("/healthz"))
            assert (status, json.loads(body)) == (200, {"status": "ok", "checks": {"database": "ok", "cache": "ok"}})

        # Ingest on A; B's matching worker (the only consumer of the matching queue) embeds the claims.
        ingested = time.monotonic()
        status, _, body = http("POST", a.url("/api/v1/articles/"), token=editor_token, body={"text": ARTICLE})
        assert status == 201, body
        article_id = json.loads(body)["id"]
        claims = Claim.objects.filter(article_id=article_id).count()
        assert claims >= 2
        wait_for(lambda: ClaimEmbedding.objects.filter(claim__article_id=article_id).count() == claims, timeout=120)
        assert "reviews.embed_and_match_claims[" in b.output("matching")
        assert "reviews.embed_and_match_claims[" not in a.output("worker")
        timings["ingest_to_matched_s"] = time.monotonic() - ingested

        # Review: each claim is taken from one web process and decided on the other.
        for turn in range(claims):
            token = reviewer_tokens[turn % 2]
            take, decide = (a, b) if turn % 2 else (b, a)
            status, _, body = http("POST", take.url("/api/v1/queue/next/"), token=token, body={"article": article_id})
            assert status == 201, body
            lease = json.loads(body)["id"]
            verdict = {"verdict": "supported", "evidence": [{"url": "https://example.org/source", "title": "Source"}]}
            status, _, body = http("POST", decide.url(f"/api/v1/queue/{lease}/verdict/"), token=token, body=verdict)
            assert status == 201, body
        assert (
            http("POST", a.url("/api/v1/queue/next/"), token=reviewer_tokens[0], body={"article": article_id})[0] == 404
        )
        assert not Claim.objects.filter(article_id=article_id, status="pending").exists()

        # Published on one web process: the JSON-LD export holds the published reviews.
        status, _, body = http("POST", a.url(f"/api/v1/articles/{article_id}/publish/"), token=editor_token)
        assert status == 200, body
        published = json.loads(body)["published"]
        assert len(published) == claims

        # The public fact-check page (anonymous, DEBUG=0: hashed static files from each machine's own
        # collectstatic) from both web processes, and the stylesheet it names.
        for machine in (a, b):
            path = "/" + published[0]["url"].split("/", 3)[3]
            status, _, body = http("GET", machine.url(path))
            assert status == 200, (machine.name, body[:500])
            page = body.decode()
            assert published[0]["url"].split("/")[-2] in page or "ClaimReview" in page
            assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
            assert assets and all(re.search(r"\.[0-9a-f]{12}\.", asset) for asset in assets), assets
            assert all(http("GET", machine.url(asset))[0] == 200 for asset in assets)

        # Every report format: requested on one web process, downloaded from the other.
        requested = {}
        reports_started = time.monotonic()
        for index, report_format in enumerate(ReportFormat.values):
            on, other = (a, b) if index % 2 == 0 else (b, a)
            status, _, body = http(
                "POST",
                on.url("/api/v1/reports/"),
                token=editor_token,
                body={"article": article_id, "format": report_format},
            )
            assert status == 202, body
            requested[json.loads(body)["id"]] = (report_format, other)

        def all_done() -> bool:
            states = dict(Report.objects.filter(pk__in=requested).values_list("pk", "state"))
            assert "failed" not in states.values(), list(
                Report.objects.filter(state="failed").values("format", "error")
            )
            return set(states.values()) == {"done"}

        wait_for(all_done, timeout=180, interval=0.5)
        for report_id, (report_format, other) in requested.items():
            status, headers, body = http("GET", other.url(f"/api/v1/reports/{report_id}/download/"), token=editor_token)
            assert status == 200, (report_format, body[:300])
            checksum = Report.objects.get(pk=report_id).checksum
            assert hashlib.sha256(body).hexdigest() == headers["X-Content-SHA256"] == checksum, report_format
            assert len(body) > 100
        timings["reports_s"] = time.monotonic() - reports_started  # requested on one, all downloaded from the other
        timings["ingest_to_reports_s"] = time.monotonic() - ingested
        assert "reviews.compile_report[" in a.output("worker")
        # No report file on either machine's disk: they live in the object store only.
        for machine in (a, b):
            kept = [p for p in machine.var.rglob("*") if p.is_file() and "report-" in p.name]
            assert kept == [], kept

        # The anonymous throttle (4/minute) counts across both web processes: 4 answers, then 429.
        statuses = [http("POST", (a, b)[n % 2].url("/api/v1/auth/token/"))[0] for n in range(8)]
        assert statuses == [400] * 4 + [429] * 4, statuses

        # The workers' health check (Celery inspect) from either machine.
        for machine, node, kinds in (
            (a, f"default@{a.node}", ("default", "reports")),
            (b, f"matching@{b.node}", ("matching",)),
        ):
            argv = [str(REPO / ".venv" / "bin" / "python"), "manage.py", "worker_check", "--hostname", node]
            for kind in kinds:
                argv += ["--queue", kind]
            check = subprocess.run(
                argv, cwd=REPO, env=machine.env, capture_output=True, text=True, timeout=120, check=False
            )
            assert check.returncode == 0, check.stderr
            assert json.loads(check.stdout.strip().splitlines()[-1])["healthy"] == [node]
    except BaseException:
        for machine in (a, b):
            for process in machine.processes:
                print(f"----- {machine.name} {process} -----\n{machine.output(process)[-4000:]}")
        raise
    finally:
        a.stop()
        b.stop()
        timings["total_s"] = time.monotonic() - started
        print(f"two machines: {time.monotonic() - started:.1f} s")
        if os.environ.get("NEWSROOM_TWO_MACHINES_TIMINGS"):
            Path(os.environ["NEWSROOM_TWO_MACHINES_TIMINGS"]).write_text(json.dumps(timings))
