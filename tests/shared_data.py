"""Locate the shared data directory (``../shared`` beside the repository) for tests that read it.

Tests that need outside data call :func:`shared_path`. When the data is missing they are skipped
with a reason naming the missing path — except in CI (``CI=true``), where a missing path fails the
test: a CI run must not go green by silently skipping the data checks.
``NEWSROOM_SHARED_DIR`` overrides the location (useful from a git worktree).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    override = os.environ.get("NEWSROOM_SHARED_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """The path under the shared directory; skip (or fail in CI) when it does not exist."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        message = f"shared data missing: {path}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: outside-data checks must run in CI)", pytrace=False)
        pytest.skip(message)
    return path
