"""Two machines on one, timed: ``tests/test_two_machines.py`` run as it is, figures from its timings.

The test starts deploy/Procfile's processes as two "machines" (web + worker on one, web + matching on the
other, each with its own NEWSROOM_VAR_DIR and STATIC_ROOT) on one PostgreSQL, one Redis and one S3
store, and takes an article from ingest through matching, review and publishing to every report format
downloaded from the other web process. This phase starts a SeaweedFS S3 server (bin/seaweedfs.py, as
bin/test does), runs the test with pytest in the bench's throwaway database (pytest-django makes its
own ``test_`` copy), and reads the timings the test writes:

* ``two_machines_start_s``: collectstatic on both machines and the four processes up and healthy.
* ``two_machines_ingest_to_reports_s``: from the ingest request to every report format downloaded,
  checksum-verified, from the other web process (matching, 3-4 reviews through both web processes,
  publishing, five reports compiled by the worker and stored in S3). No person's think time: the
  reviewers are scripted.
* ``two_machines_reports_s``: the report part of it: five formats requested and all downloaded.

A full-run phase only: it starts five servers and takes over a minute, longer than ``--quick``'s budget.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from benchmarks import FULL_RUN_ONLY_REASON, PhaseSkipped

REPO = Path(__file__).resolve().parents[1]
FULL_RUN_ONLY = f"{FULL_RUN_ONLY_REASON} (it starts two web processes, two workers and an S3 server)"


def run(*, quick: bool, stderr: TextIO) -> dict[str, float | None]:
    from django.conf import settings

    if quick:
        raise PhaseSkipped(FULL_RUN_ONLY)
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        raise PhaseSkipped("needs Redis as broker and cache (CELERY_BROKER_URL=redis://...)")
    folder = Path(tempfile.mkdtemp(prefix="two-machines-", dir=os.environ.get("NEWSROOM_VAR_DIR")))
    s3 = folder / "seaweedfs"
    seaweed = [sys.executable, str(REPO / "bin" / "seaweedfs.py")]
    started = subprocess.run(  # noqa: S603 - our own script
        [*seaweed, "start", str(s3)], capture_output=True, text=True, timeout=180, check=False
    )
    try:
        if started.returncode != 0:
            raise PhaseSkipped(f"SeaweedFS did not start: {started.stderr.strip().splitlines()[-1:]}")
        env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
        for line in started.stdout.splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value
        timings_path = folder / "timings.json"
        env["NEWSROOM_TWO_MACHINES_TIMINGS"] = str(timings_path)
        argv = [sys.executable, "-m", "pytest", "tests/test_two_machines.py", "-q", "-x", "-p", "no:randomly"]
        argv += ["-p", "no:cacheprovider", "--basetemp", str(folder / "pytest")]
        result = subprocess.run(  # noqa: S603 - our own interpreter and test
            argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        if result.returncode != 0 or not timings_path.exists():
            stderr.write(result.stdout[-3000:] + result.stderr[-2000:])
            raise RuntimeError(f"the two-machines test failed (pytest exit {result.returncode})")
        timings = json.loads(timings_path.read_text())
        stderr.write(
            "  two machines: " + ", ".join(f"{name} {value:.1f}" for name, value in sorted(timings.items())) + "\n"
        )
        return {
            "two_machines_start_s": round(timings["start_s"], 1),
            "two_machines_ingest_to_reports_s": round(timings["ingest_to_reports_s"], 1),
            "two_machines_reports_s": round(timings["reports_s"], 1),
        }
    finally:
        subprocess.run([*seaweed, "stop", str(s3)], capture_output=True, timeout=60, check=False)  # noqa: S603
        shutil.rmtree(folder, ignore_errors=True)
