"""The deployment recipe agrees with itself: systemd units start Procfile processes through deploy/run,
and each worker check asks for the node name and queues its worker really uses."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.test_two_machines import procfile_processes

UNITS = REPO / "deploy" / "systemd"


def _unit(name: str) -> str:
    return (UNITS / name).read_text()


def test_every_procfile_process_has_a_unit_that_runs_it_through_deploy_run() -> None:
    started = {}
    for unit in sorted(UNITS.glob("*.service")):
        found = re.search(r"^ExecStart=\S*/deploy/run (\w+)$", unit.read_text(), re.MULTILINE)
        if found:
            started[found.group(1)] = unit.name
    assert set(started) == set(procfile_processes()) == {"web", "worker", "matching", "beat"}


def test_each_worker_check_names_its_workers_node_and_queues() -> None:
    processes = procfile_processes()
    for kind in ("worker", "matching"):
        line = processes[kind]
        node = re.search(r'-n "(\w+)@\$\{NEWSROOM_NODE', line).group(1)  # type: ignore[union-attr]
        queues = re.search(r'-Q "([^"]+)"', line).group(1).replace("${CELERY_QUEUE_PREFIX}", "")  # type: ignore[union-attr]
        check = _unit(f"newsroom-{kind}-check.service")
        assert f"--hostname {node}@%H" in check
        assert sorted(re.findall(r"--queue (\w+)", check)) == sorted(queues.split(","))
        assert "NEWSROOM_NODE=%H" in _unit(f"newsroom-{kind}.service")  # the same node name as the check
        assert (UNITS / f"newsroom-{kind}-check.timer").exists()


def test_deploy_run_refuses_a_process_the_procfile_does_not_have(tmp_path: Path) -> None:
    for name in ("nope", "web;id", ""):
        done = subprocess.run(["bash", str(REPO / "deploy" / "run"), name], capture_output=True, text=True, check=False)
        assert done.returncode == 2, (name, done.stdout)
        assert "deploy/run" in done.stderr or "usage" in done.stderr
