"""python manage.py bench [--quick] : measure the product and print one JSON line of figures.

The real database is never touched. The command creates a throwaway database (``bench_<random>``
on the configured PostgreSQL server, a temporary SQLite file otherwise), runs itself again in a
child process pointed only at that database (and at a private media folder and Celery queue),
then drops it, whatever happened. The child migrates, runs every phase, prints a table and
progress to stderr and the JSON object as the last line of stdout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

try:
    # The measurement code lives in the checkout's top-level ``benchmarks`` package (with its own
    # dependencies, the ``bench`` extra), not in the shipped app.
    from benchmarks import (
        FULL,
        QUICK,
        Outcome,
        Scale,
        missing_phases,
        partial_result,
        render_table,
        result_json,
        run_phases,
    )
    from benchmarks.throwaway import ThrowawayDatabase
except ImportError as error:  # pragma: no cover - a deployment without the checkout's benchmarks/
    raise CommandError(
        f"bench needs the checkout's benchmarks/ package and the bench extra (pip install -e '.[bench]'): {error}"
    ) from error

CHILD_FLAG = "NEWSROOM_BENCH_DATABASE"
PARTIAL = "NEWSROOM_BENCH_PARTIAL"


class Command(BaseCommand):
    help = (
        "Benchmark ingest, queue, dashboard, reports and public pages in a throwaway database; "
        "last stdout line is JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="A small run (under a minute), as the tests do.")
        parser.add_argument("--rows", type=int, help="Override the number of rows (claims) phases work with.")
        parser.add_argument("--concurrency", type=int, help="Override the number of parallel clients.")
        parser.add_argument("--only", action="append", help="Run only this phase module or key (repeatable).")
        parser.add_argument("--timeout", type=int, help="Seconds before the run is stopped (default 1740, quick 180).")

    def handle(self, *args: object, **options: Any) -> None:
        base = QUICK if options["quick"] else FULL
        scale = Scale(
            rows=options["rows"] or base.rows,
            concurrency=options["concurrency"] or base.concurrency,
            quick=base.quick,
        )
        missing = missing_phases()
        if missing:
            raise CommandError("Benchmark keys without a phase function: " + ", ".join(missing))
        if os.environ.get(CHILD_FLAG):
            self._run_inside(scale, only=set(options["only"]) if options["only"] else None)
        else:
            self._run_outside(scale, options)

    # --- parent: create the throwaway database, run the child, drop it -----------------------------

    def _run_outside(self, scale: Scale, options: dict[str, Any]) -> None:
        timeout = options["timeout"] or (180 if scale.quick else 1740)
        workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        database = ThrowawayDatabase(database_url=settings.DATABASE_URL, workdir=workdir)
        name = database.name
        child_env = {
            **os.environ,
            CHILD_FLAG: name,
            "DATABASE_URL": database.create(),
            "NEWSROOM_VAR_DIR": str(workdir / "var"),
            "MEDIA_ROOT": str(workdir / "media"),
            "CELERY_QUEUE_PREFIX": f"{name}-",
            "PYTHONUNBUFFERED": "1",
            PARTIAL: str(workdir / "partial.json"),
        }
        child_env.pop("PYTEST_XDIST_WORKER", None)
        self.stderr.write(f"bench: throwaway database {database.describe()} (the real database is not touched)")
        argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench"]
        argv += ["--rows", str(scale.rows), "--concurrency", str(scale.concurrency)]
        argv += ["--quick"] if scale.quick else []
        for only in options["only"] or []:
            argv += ["--only", only]
        last_line = ""
        try:
            # Its own process group: a stop also ends the Celery worker and threads it started.
            child = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                argv,
                env=child_env,
                stdout=subprocess.PIPE,
                stderr=None,
                text=True,
                cwd=settings.BASE_DIR,
                start_new_session=True,
            )
            try:
                out, _ = child.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                out, _ = child.communicate()
                self.stderr.write(f"bench: stopped after {timeout}s; figures not measured are null.")
            lines = [line for line in (out or "").splitlines() if line.strip()]
            for line in lines[:-1]:
                self.stdout.write(line)
            last_line = lines[-1] if lines else ""
            try:
                json.loads(last_line)
            except ValueError:
                if last_line:
                    self.stdout.write(last_line)
                self.stderr.write("bench: the run did not finish; figures it did not save are null.")
                last_line = partial_result(workdir / "partial.json", scale=scale)
        finally:
            database.drop()
            shutil.rmtree(workdir, ignore_errors=True)
            self.stderr.write(f"bench: dropped {database.describe()}")
        self.stdout.write(last_line or partial_result(workdir / "partial.json", scale=scale))

    # --- child: inside the throwaway database only ---------------------------------------------------

    def _run_inside(self, scale: Scale, *, only: set[str] | None) -> None:
        expected = os.environ[CHILD_FLAG]
        actual = str(connection.settings_dict["NAME"])
        if not (actual == expected or Path(actual).parent.name == expected):
            raise CommandError(f"Refusing to benchmark in {actual!r}: not the throwaway database {expected!r}.")
        # Measured as deployed: with DEBUG off Django keeps no record of every query (a development aid
        # that cost about a quarter of a queue cycle's Python) and templates carry no debug information.
        # Static files and the security settings keep the development values this throwaway setup needs.
        settings.DEBUG = False
        started = time.monotonic()
        self.stderr.write("==> migrating the throwaway database")
        call_command("migrate", verbosity=0, interactive=False)
        partial = Path(os.environ[PARTIAL]) if os.environ.get(PARTIAL) else None

        def save(outcomes: dict[str, Outcome]) -> None:
            if partial is not None:
                partial.write_text(result_json(outcomes, scale=scale))

        outcomes = run_phases(scale=scale, stderr=sys.stderr, only=only, on_progress=save)
        backends = (
            f"database={connection.vendor}, broker={settings.CELERY_BROKER_URL.split('://', 1)[0]}, "
            f"took {time.monotonic() - started:.0f}s"
        )
        sys.stderr.write(render_table(outcomes, scale=scale, backends=backends))
        sys.stderr.flush()
        self.stdout.write(result_json(outcomes, scale=scale))
