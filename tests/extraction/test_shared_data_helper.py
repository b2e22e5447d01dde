"""The helper every outside-data test uses: skip locally when ../shared is missing, fail in CI."""

from __future__ import annotations

import pytest

from tests.shared_data import shared_path


def test_missing_shared_data_skips_with_the_path_outside_ci(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSROOM_SHARED_DIR", str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent"):
        shared_path("corpus")


def test_missing_shared_data_fails_in_ci(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSROOM_SHARED_DIR", str(tmp_path / "absent"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="absent"):
        shared_path("corpus")


def test_present_shared_data_is_returned(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv("NEWSROOM_SHARED_DIR", str(tmp_path))
    assert shared_path("corpus") == tmp_path / "corpus"
