"""The benchmark runner behind ``python manage.py bench``.

How a phase plugs in (the contract for whoever writes ``benchmarks/<phase>.py``):

- A module here exports one plain function per figure, named exactly like its JSON key
  (``extract_articles_per_s``, ``next_claim_p95_ms``...). A module may instead export
  ``run(**kwargs) -> dict[str, float | None]`` returning several of its keys at once.
- The runner calls the function with the keyword arguments it declares among
  ``rows`` (how many claims/rows to work with), ``concurrency`` (parallel clients),
  ``quick`` (bool), ``progress`` (``progress(done, total)``, draws a bar on stderr),
  ``worker`` (a ``BenchWorker`` with ``pid``: a real Celery worker on the bench database) and
  ``stderr`` (a text stream for notes). Functions of one module are called in the order of ``KEYS``.
- It returns a number, or ``None``. Raising ``PhaseSkipped("reason")`` turns the figure into
  ``null`` with that reason; any other exception too, with the exception as the reason.
- Phases run inside a throwaway database (``bench_<random>`` on PostgreSQL, a temporary SQLite
  file otherwise) that the command creates, migrates and drops: seed what you need freely.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

# key -> (module under benchmarks, unit, target text)
KEYS: dict[str, tuple[str, str, str]] = {
    "extract_articles_per_s": ("extraction", "articles/s", ""),
    "match_ms_per_claim": ("extraction", "ms", ""),
    "next_claim_p50_ms": ("queue", "ms", ""),
    "next_claim_p95_ms": ("queue", "ms", ""),
    "verdict_p50_ms": ("queue", "ms", ""),
    "verdict_p95_ms": ("queue", "ms", ""),
    "queue_handouts_per_s": ("queue", "claims/s", ""),
    "next_claim_p95_ms_saturated": ("queue", "ms", ""),
    "verdict_p95_ms_saturated": ("queue", "ms", ""),
    "queue_handouts_per_s_saturated": ("queue", "claims/s", ""),
    "next_claim_p95_ms_recusals": ("queue", "ms", ""),
    "match_ms_per_claim_1m": ("matching", "ms", "<= 5"),
    "match_index_build_s_1m": ("matching", "s", ""),
    "match_index_recall_1m": ("matching", "share", ">= 0.98"),
    "match_index_rss_mb_1m": ("matching", "MB", "<= 600"),
    "dashboard_p95_ms": ("dashboard", "ms", "< 150"),
    "dashboard_desk_p95_ms": ("dashboard", "ms", "< 150"),
    "dashboard_p95_ms_2m": ("dashboard", "ms", "< 300"),
    "report_s_csv": ("reports", "s", ""),
    "report_s_json": ("reports", "s", ""),
    "report_s_jsonld": ("reports", "s", ""),
    "report_s_html": ("reports", "s", ""),
    "report_s_pdf": ("reports", "s", ""),
    "report_worker_peak_mb": ("reports", "MB", ""),
    "public_page_p95_ms": ("public", "ms", "< 50"),
    "two_machines_start_s": ("two_machines", "s", ""),
    "two_machines_ingest_to_reports_s": ("two_machines", "s", ""),
    "two_machines_reports_s": ("two_machines", "s", ""),
}
_KEY_WIDTH = max(len(key) for key in KEYS)
# Modules whose functions need a real Celery worker on the bench database.
NEEDS_WORKER = {"reports"}
# Modules measured by the full run only: with --quick their keys are null with this reason.
FULL_RUN_ONLY = {"two_machines"}
FULL_RUN_ONLY_REASON = "full run only"


@dataclass(frozen=True)
class Scale:
    rows: int
    concurrency: int
    quick: bool


FULL = Scale(rows=100_000, concurrency=16, quick=False)  # the queue at the scale the README promises
QUICK = Scale(rows=200, concurrency=2, quick=True)


class PhaseSkipped(Exception):
    """Raised by a phase that cannot run here; the figure becomes null with this reason."""


class PhaseMissing(LookupError):
    """A key in ``KEYS`` has no module or function to measure it: a bug, never a null figure."""


def missing_phases() -> list[str]:
    """Keys with no function (nor ``run``) in their module. ``bench`` refuses to run while any exist."""
    missing: list[str] = []
    for key, (module_name, _unit, _target) in KEYS.items():
        try:
            module = importlib.import_module(f"benchmarks.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"benchmarks.{module_name}":
                raise
            missing.append(f"{key} (no module benchmarks.{module_name})")
            continue
        if not callable(getattr(module, key, None)) and not callable(getattr(module, "run", None)):
            missing.append(f"{key} (no function {key} in benchmarks.{module_name})")
    return missing


@dataclass
class Outcome:
    value: float | None
    reason: str = ""
    seconds: float = 0.0


@dataclass
class Progress:
    """A one-line progress bar on a text stream (stderr), redrawn in place."""

    stream: TextIO
    label: str
    width: int = 30
    _last: float = field(default=0.0)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        total = max(total, 1)
        filled = int(self.width * min(done, total) / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r  {self.label:<24} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class BenchWorker:
    """A real Celery worker process started for the phases that need one."""

    def __init__(self, queue: str) -> None:
        self.queue = queue
        self.process: subprocess.Popen[str] | None = None
        self.log_path = Path(os.environ.get("NEWSROOM_VAR_DIR", ".")) / "bench-worker.log"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 90.0) -> None:
        log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "--pool=solo", "--loglevel=INFO"]
            + ["-Q", self.queue, "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=Path(__file__).resolve().parents[1],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log_path.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise PhaseSkipped(f"the Celery worker did not start (see {self.log_path})")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def _load(module_name: str) -> object:
    try:
        return importlib.import_module(f"benchmarks.{module_name}")
    except ModuleNotFoundError as error:
        if error.name == f"benchmarks.{module_name}":
            raise PhaseMissing(f"no module benchmarks.{module_name}") from None
        raise


def _call(function: Callable[..., object], offered: dict[str, object]) -> object:
    parameters = inspect.signature(function).parameters
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    kwargs = {name: value for name, value in offered.items() if accepts_any or name in parameters}
    return function(**kwargs)


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"returned {value!r}, not a number")
    return round(float(value), 3)


def selected_modules(only: set[str] | None) -> dict[str, list[str]]:
    """Phase module -> its keys that ``--only`` (module names or keys; ``None``: all) selects, in run order."""
    modules: dict[str, list[str]] = {}
    for key, (module_name, _unit, _target) in KEYS.items():
        if only is None or module_name in only or key in only:
            modules.setdefault(module_name, []).append(key)
    return modules


def outcomes_json(outcomes: dict[str, Outcome]) -> str:
    """Every outcome with its reason and time: how a phase's child process hands its figures to the parent."""
    return json.dumps({key: [o.value, o.reason, o.seconds] for key, o in outcomes.items()})


def outcomes_from_json(text: str) -> dict[str, Outcome]:
    try:
        saved = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(saved, dict):
        return {}
    return {key: Outcome(*saved[key]) for key in KEYS if isinstance(saved.get(key), list) and len(saved[key]) == 3}


def run_phases(
    *,
    scale: Scale,
    stderr: TextIO,
    only: set[str] | None = None,
    on_progress: Callable[[dict[str, Outcome]], None] | None = None,
) -> dict[str, Outcome]:
    """Run every phase module in the current (throwaway) database. Never raises.

    ``on_progress`` gets the figures so far after each module (the command saves them, so a run
    stopped by its time limit still reports what it measured).
    """
    modules = selected_modules(only)
    chosen = {key for keys in modules.values() for key in keys}
    outcomes: dict[str, Outcome] = {key: Outcome(None, "not selected") for key in KEYS if key not in chosen}
    for module_name, keys in modules.items():
        stderr.write(f"==> {module_name}\n")
        stderr.flush()
        worker: BenchWorker | None = None
        try:
            module = _load(module_name)
            if module_name in NEEDS_WORKER:
                from django.conf import settings

                worker = BenchWorker(",".join(settings.NEWSROOM_QUEUES.values()))
                worker.start()
            runner = getattr(module, "run", None)
            if callable(runner) and not any(callable(getattr(module, key, None)) for key in keys):
                started = time.monotonic()
                results = _call(runner, _offer(scale, stderr, module_name, worker))
                elapsed = time.monotonic() - started
                results = results if isinstance(results, dict) else {}
                for key in keys:
                    if key in results:
                        outcomes[key] = _safe_outcome(results[key], elapsed)
                    else:
                        outcomes[key] = Outcome(None, f"{module_name}.run() did not return it")
            else:
                for key in keys:
                    outcomes[key] = _run_one(module, key, _offer(scale, stderr, key, worker))
        except PhaseSkipped as skipped:
            for key in keys:
                outcomes.setdefault(key, Outcome(None, str(skipped)))
        except PhaseMissing:
            raise
        except Exception as error:  # a broken phase must not hide the other figures
            for key in keys:
                outcomes.setdefault(key, Outcome(None, f"{type(error).__name__}: {error}"))
        finally:
            if worker is not None:
                worker.stop()
        for key in keys:
            outcome = outcomes[key]
            shown = "null" if outcome.value is None else f"{outcome.value:g}"
            note = f"  ({outcome.reason})" if outcome.reason else ""
            stderr.write(f"  {key:<{_KEY_WIDTH}} {shown}{note}\n")
            stderr.flush()
        if on_progress is not None:
            on_progress(outcomes)
    return outcomes


def _offer(scale: Scale, stderr: TextIO, label: str, worker: BenchWorker | None) -> dict[str, object]:
    return {
        "rows": scale.rows,
        "concurrency": scale.concurrency,
        "quick": scale.quick,
        "progress": Progress(stderr, label),
        "worker": worker,
        "stderr": stderr,
    }


def _safe_outcome(value: object, elapsed: float) -> Outcome:
    try:
        return Outcome(_number(value), "" if value is not None else "the phase returned no figure", elapsed)
    except TypeError as error:
        return Outcome(None, str(error), elapsed)


def _run_one(module: object, key: str, offered: dict[str, object]) -> Outcome:
    function = getattr(module, key, None)
    if not callable(function):
        raise PhaseMissing(f"no function {key} in {getattr(module, '__name__', module)}")
    started = time.monotonic()
    try:
        value = _call(function, offered)
    except PhaseSkipped as skipped:
        return Outcome(None, str(skipped), time.monotonic() - started)
    except Exception as error:  # one failing figure must not hide the others
        return Outcome(None, f"{type(error).__name__}: {error}", time.monotonic() - started)
    return _safe_outcome(value, time.monotonic() - started)


def render_table(outcomes: dict[str, Outcome], *, scale: Scale, backends: str) -> str:
    lines = [
        "",
        f"Benchmark ({'quick' if scale.quick else 'full'}: rows={scale.rows}, concurrency={scale.concurrency}, "
        f"{backends})",
        f"{'figure':<{_KEY_WIDTH}} {'value':>12}  {'unit':<11} {'took':>7}  note",
        "-" * (_KEY_WIDTH + 54),
    ]
    for key, (_module, unit, _target) in KEYS.items():
        outcome = outcomes.get(key, Outcome(None, "missing"))
        value = "null" if outcome.value is None else f"{outcome.value:,.3f}"
        took = f"{outcome.seconds:.1f}s" if outcome.seconds else ""
        lines.append(f"{key:<{_KEY_WIDTH}} {value:>12}  {unit:<11} {took:>7}  {outcome.reason}")
    return "\n".join(lines) + "\n"


def result_json(outcomes: dict[str, Outcome], *, scale: Scale) -> str:
    """The one flat JSON object printed on the last line of stdout."""
    flat: dict[str, object] = {key: outcomes[key].value if key in outcomes else None for key in KEYS}
    flat["rows"] = scale.rows
    flat["concurrency"] = scale.concurrency
    flat["quick"] = scale.quick
    return json.dumps(flat, sort_keys=False)
