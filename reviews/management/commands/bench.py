"""python manage.py bench [--quick] : measure the product and print one JSON line of figures.

The real database is never touched. The command migrates a throwaway template database
(``bench_<random>`` on the configured PostgreSQL server, a temporary SQLite file otherwise); then, for
each phase module, it copies the template into a throwaway database of the phase's own and runs
itself again in a child process pointed only at that copy (and at a private media folder and Celery
queue), and drops the copy, whatever happened. Each phase starts from an empty database in a fresh
process, as it does with ``--only``. The children print progress to stderr and save their figures to a
file; the parent prints the table to stderr and the JSON object as the last line of stdout.
"""

from __future__ import annotations

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
        KEYS,
        QUICK,
        Outcome,
        Scale,
        missing_phases,
        outcomes_from_json,
        outcomes_json,
        render_table,
        result_json,
        run_phases,
        selected_modules,
    )
    from benchmarks.throwaway import ThrowawayDatabase
except ImportError as error:  # pragma: no cover - a deployment without the checkout's benchmarks/
    raise CommandError(
        f"bench needs the checkout's benchmarks/ package and the bench extra (pip install -e '.[bench]'): {error}"
    ) from error

CHILD_FLAG = "NEWSROOM_BENCH_DATABASE"
OUTCOMES = "NEWSROOM_BENCH_OUTCOMES"


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

    # --- parent: per phase module, a throwaway database and a child process; then drop them -----------

    def _run_outside(self, scale: Scale, options: dict[str, Any]) -> None:
        timeout = options["timeout"] or (180 if scale.quick else 1740)
        deadline = time.monotonic() + timeout
        only = set(options["only"]) if options["only"] else None
        modules = selected_modules(only)
        outcomes = {key: Outcome(None, "not selected") for key in KEYS}
        workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        template = ThrowawayDatabase(database_url=settings.DATABASE_URL, workdir=workdir)
        started = time.monotonic()
        try:
            # Migrated once; each phase gets a copy, so no phase measures among another phase's rows
            # (the dashboard "at 200,000 claims" once ran beside the queue's 100,000 and matching's
            # 1,000,000) and none runs in a process that an earlier phase filled with torch and faiss.
            self._migrate(template.create(), workdir / "migrate-var")
            self.stderr.write(f"bench: migrated the template database {template.describe()}")
            for module_name, keys in modules.items():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    for key in keys:
                        outcomes[key] = Outcome(None, f"bench stopped after {timeout}s before this phase")
                    continue
                outcomes.update(self._run_phase(module_name, keys, scale, template, workdir, remaining))
        finally:
            template.drop()
            self.stderr.write(f"bench: dropped {template.describe()}")
            shutil.rmtree(workdir, ignore_errors=True)
        backends = (
            f"database={template.config['ENGINE'].rsplit('.', 1)[-1]}, "
            f"broker={settings.CELERY_BROKER_URL.split('://', 1)[0]}, took {time.monotonic() - started:.0f}s"
        )
        self.stderr.write(render_table(outcomes, scale=scale, backends=backends))
        self.stdout.write(result_json(outcomes, scale=scale))

    def _migrate(self, database_url: str, var_dir: Path) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "--verbosity", "0"],
            env={**self._child_env(), "DATABASE_URL": database_url, "NEWSROOM_VAR_DIR": str(var_dir)},
            cwd=settings.BASE_DIR,
            check=True,
        )

    @staticmethod
    def _child_env() -> dict[str, str]:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("PYTEST_XDIST_WORKER", None)
        return env

    def _run_phase(
        self,
        module_name: str,
        keys: list[str],
        scale: Scale,
        template: ThrowawayDatabase,
        workdir: Path,
        timeout: float,
    ) -> dict[str, Outcome]:
        database = ThrowawayDatabase(database_url=settings.DATABASE_URL, workdir=workdir)
        name = database.name
        saved = workdir / f"{name}.json"
        child_env = {
            **self._child_env(),
            CHILD_FLAG: name,
            "DATABASE_URL": database.create(template=template),
            "NEWSROOM_VAR_DIR": str(workdir / name / "var"),
            "MEDIA_ROOT": str(workdir / name / "media"),
            "CELERY_QUEUE_PREFIX": f"{name}-",
            OUTCOMES: str(saved),
        }
        self.stderr.write(
            f"bench: {module_name} in throwaway database {database.describe()} (the real database is not touched)"
        )
        argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench"]
        argv += ["--rows", str(scale.rows), "--concurrency", str(scale.concurrency)]
        argv += ["--quick"] if scale.quick else []
        for key in keys:
            argv += ["--only", key]
        stopped = ""
        try:
            # Its own process group: a stop also ends the Celery worker and threads it started.
            child = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                argv, env=child_env, cwd=settings.BASE_DIR, start_new_session=True
            )
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                stopped = f"bench stopped after its time limit during {module_name}"
                self.stderr.write(f"bench: {stopped}; figures not measured are null.")
            if child.returncode and not stopped:
                stopped = f"the {module_name} phase's process exited with {child.returncode}"
        finally:
            database.drop()
            self.stderr.write(f"bench: dropped {database.describe()}")
        measured = outcomes_from_json(saved.read_text()) if saved.exists() else {}
        return {key: measured.get(key) or Outcome(None, stopped or "the phase saved no figure") for key in keys}

    # --- child: one phase module, inside its throwaway database only -------------------------------------

    def _run_inside(self, scale: Scale, *, only: set[str] | None) -> None:
        expected = os.environ[CHILD_FLAG]
        actual = str(connection.settings_dict["NAME"])
        if not (actual == expected or Path(actual).parent.name == expected):
            raise CommandError(f"Refusing to benchmark in {actual!r}: not the throwaway database {expected!r}.")
        # Measured as deployed: with DEBUG off Django keeps no record of every query (a development aid
        # that cost about a quarter of a queue cycle's Python) and templates carry no debug information.
        # Static files and the security settings keep the development values this throwaway setup needs.
        settings.DEBUG = False
        call_command("migrate", verbosity=0, interactive=False)  # a no-op on the migrated copy
        saved = Path(os.environ[OUTCOMES])

        def save(outcomes: dict[str, Outcome]) -> None:
            saved.write_text(outcomes_json(outcomes))

        run_phases(scale=scale, stderr=sys.stderr, only=only, on_progress=save)
