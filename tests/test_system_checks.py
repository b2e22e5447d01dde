"""The embedded default (SQLite, no DATABASE_URL) starts without warnings: ``bash bin/demo`` runs ``migrate``,
whose system checks include the database ones (``models.W047`` came from the PostgreSQL-only rollups)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def _sqlite_env(var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(NEWSROOM_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="newsroom.settings")
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_database_checks_on_sqlite_find_nothing(tmp_path):
    result = _manage("check", "--database", "default", "--fail-level", "WARNING", env=_sqlite_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "W047" not in result.stdout + result.stderr and "WARNINGS" not in result.stdout + result.stderr


def test_migrating_a_new_sqlite_database_prints_no_warning_and_still_makes_the_tally_table(tmp_path):
    env = _sqlite_env(tmp_path)
    result = _manage("migrate", "--noinput", "-v0", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""
    with sqlite3.connect(tmp_path / "newsroom.sqlite3") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "reviews_claimtally" in tables  # the option only quiets the check; migrations are unchanged
