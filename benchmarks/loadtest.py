"""bin/loadtest: 50 reviewers against gunicorn on PostgreSQL + Redis, production settings, loopback only.

    python -m benchmarks.loadtest [--users 50] [--seconds 60] [--claims 6000] [--workers 4]

Creates a throwaway ``load_<random>`` database, migrates it, seeds reviewers with API tokens and
claims, starts gunicorn on 127.0.0.1 with DEBUG=0 and a random SECRET_KEY (the HTTPS redirect is
switched off with SECURE_SSL_REDIRECT=0 because this is plain HTTP on loopback; the API uses token
auth, so secure cookies do not get in the way), runs locust headless, prints requests/s, p95 and
errors, and removes everything it made. The last line of stdout is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.throwaway import ThrowawayDatabase

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on 127.0.0.1:{port} within {timeout}s")


def seed(*, users: int, claims: int, tokens_path: Path) -> None:
    """Inside the throwaway database: reviewers with tokens, and claims for them to review."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from reviews.models import Article, Claim
    from reviews.services.tokens import token_issue

    group = Group.objects.get(name="reviewer")
    user_model = get_user_model()
    tokens = []
    for number in range(users):
        user = user_model.objects.create(username=f"load-reviewer-{number}")
        user.groups.add(group)
        tokens.append(token_issue(user=user, reason="Load test.").key)
    tokens_path.write_text(json.dumps(tokens))
    per_article = 100
    for first in range(0, claims, per_article):
        article = Article.objects.create(
            title=f"Load article {first // per_article}",
            raw_text="Load test article.",
            cleaned_text="Exports rose 5% in 2025, the ministry said. " * 4,
            content_hash=f"{first:064x}",
        )
        Claim.objects.bulk_create(
            Claim(
                article=article,
                position=position,
                text=f"Exports rose {position}% in 2025, the ministry said.",
                start=0,
                end=40,
                score=0.8,
                suggested_status="needs_source",
                required_reviews=1,
            )
            for position in range(min(per_article, claims - first))
        )


def read_stats(prefix: Path) -> dict[str, object]:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    figures: dict[str, object] = {}
    for row in rows:
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        figures[name] = {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "requests_per_s": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"]), 1),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--claims", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    options = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    broker_url = os.environ.get("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    if not database_url.startswith("postgres"):
        print("bin/loadtest needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    database = ThrowawayDatabase(database_url=database_url, workdir=workdir, prefix="load")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": "",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_QUEUE_PREFIX": f"{database.name}-",  # tasks the run enqueues go nowhere shared
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; everything else stays production
        "NEWSROOM_VAR_DIR": str(workdir / "var"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "LOADTEST_TOKENS": str(workdir / "tokens.json"),
        "PYTHONUNBUFFERED": "1",
    }
    gunicorn: subprocess.Popen[bytes] | None = None
    figures: dict[str, object] = {}
    try:
        env["DATABASE_URL"] = database.create()
        print(f"loadtest: throwaway database {database.describe()}", file=sys.stderr)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
        print(f"loadtest: seeding {options.users} reviewers and {options.claims} claims", file=sys.stderr)
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "benchmarks.loadtest", "--seed", str(options.users), str(options.claims)],
            cwd=REPO,
            env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
            check=True,
        )
        gunicorn_log = (workdir / "gunicorn.log").open("wb")
        gunicorn = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-w", str(options.workers)]
            + ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "30"],
            cwd=REPO,
            env=env,
            stdout=gunicorn_log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(port, gunicorn)
        print(
            f"loadtest: gunicorn -w {options.workers} on 127.0.0.1:{port} (DEBUG=0); locust {options.users} users, "
            f"1-2 s think time, {options.seconds} s",
            file=sys.stderr,
        )
        prefix = workdir / "locust"
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless"]
            + ["-u", str(options.users), "-r", str(options.spawn_rate), "-t", f"{options.seconds}s"]
            + ["--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--stop-timeout", "5"]
            + ["--loglevel", "WARNING"],
            cwd=REPO,
            env=env,
            check=False,
            timeout=options.seconds + 120,
        )
        figures = read_stats(prefix)
        failures = workdir / "locust_failures.csv"
        if failures.exists():
            for row in list(csv.DictReader(failures.open()))[:10]:
                print(f"  error x{row['Occurrences']}: {row['Name']} {row['Error'][:160]}", file=sys.stderr)
        gunicorn_errors = (workdir / "gunicorn.log").read_text(errors="replace").strip()
        if gunicorn_errors:
            print("gunicorn log:\n" + gunicorn_errors[-3000:], file=sys.stderr)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"loadtest: dropped {database.describe()}", file=sys.stderr)

    total = figures.get("all", {})
    if not isinstance(total, dict) or not total:
        print("loadtest: no figures (locust did not run)", file=sys.stderr)
        print(json.dumps({"users": options.users, "seconds": options.seconds, "requests_per_s": None}))
        return 1
    print("\nLoad test figures", file=sys.stderr)
    print(
        f"{'request':<30} {'count':>7} {'errors':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}",
        file=sys.stderr,
    )
    for name, row in figures.items():
        assert isinstance(row, dict)
        print(
            f"{name:<30} {row['requests']:>7} {row['errors']:>7} {row['requests_per_s']:>7} {row['p50_ms']:>7.0f} "
            f"{row['p95_ms']:>7.0f} {row['p99_ms']:>7.0f}",
            file=sys.stderr,
        )
    verdict = "PASS" if total["errors"] == 0 and total["p95_ms"] < 100 else "FAIL"
    print(f"targets: 0 errors, p95 < 100 ms -> {verdict}", file=sys.stderr)
    print(
        json.dumps(
            {
                "users": options.users,
                "seconds": options.seconds,
                "gunicorn_workers": options.workers,
                "requests": total["requests"],
                "requests_per_s": total["requests_per_s"],
                "p95_ms": total["p95_ms"],
                "errors": total["errors"],
            }
        )
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--seed":
        seed(users=int(sys.argv[2]), claims=int(sys.argv[3]), tokens_path=Path(os.environ["LOADTEST_TOKENS"]))
        sys.exit(0)
    sys.exit(main())
