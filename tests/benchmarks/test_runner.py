"""The runner's contract with phase modules: figures, nulls with reasons, never a crash."""

from __future__ import annotations

import io
import json
import sys
import types

import pytest

from benchmarks import KEYS, QUICK, PhaseMissing, PhaseSkipped, missing_phases, result_json, run_phases


@pytest.fixture
def fake_phase(monkeypatch):
    def install(name: str, **functions: object) -> None:
        module = types.ModuleType(f"benchmarks.{name}")
        for key, value in functions.items():
            setattr(module, key, value)
        monkeypatch.setitem(sys.modules, module.__name__, module)

    return install


def test_figures_come_from_functions_named_like_their_keys(fake_phase):
    seen: dict[str, object] = {}

    def next_claim_p50_ms(*, rows: int, progress) -> float:  # type: ignore[no-untyped-def]
        seen["rows"] = rows
        progress(rows, rows)
        return 1.23456

    def next_claim_p95_ms() -> float:
        raise PhaseSkipped("needs PostgreSQL")

    def verdict_p95_ms() -> float:
        raise RuntimeError("boom")

    others = {key: (lambda: 0.0) for key, (module, _u, _t) in KEYS.items() if module == "queue"}
    fake_phase(
        "queue",
        **{
            **others,
            "next_claim_p50_ms": next_claim_p50_ms,
            "next_claim_p95_ms": next_claim_p95_ms,
            "verdict_p95_ms": verdict_p95_ms,
        },
    )
    stderr = io.StringIO()
    outcomes = run_phases(scale=QUICK, stderr=stderr, only={"queue"})

    assert seen == {"rows": QUICK.rows}
    assert outcomes["next_claim_p50_ms"].value == 1.235
    assert (outcomes["next_claim_p95_ms"].value, outcomes["next_claim_p95_ms"].reason) == (None, "needs PostgreSQL")
    assert outcomes["verdict_p95_ms"].value is None and "RuntimeError: boom" in outcomes["verdict_p95_ms"].reason
    assert outcomes["dashboard_p95_ms"].reason == "not selected"
    assert "[##############################] 200/200" in stderr.getvalue()


def test_a_module_may_return_several_figures_from_run(fake_phase):
    fake_phase("dashboard", run=lambda **kwargs: {"dashboard_p95_ms": 42})
    stderr, saved = io.StringIO(), []
    outcomes = run_phases(scale=QUICK, stderr=stderr, only={"dashboard"}, on_progress=saved.append)
    assert outcomes["dashboard_p95_ms"].value == 42.0
    # printed and saved as they come, like a function's figures (a stopped run keeps them)
    assert "dashboard_p95_ms" in stderr.getvalue() and saved and saved[-1]["dashboard_p95_ms"].value == 42.0


def test_a_non_number_gives_null_with_a_reason(fake_phase):
    others = {key: (lambda: 0.0) for key, (module, _u, _t) in KEYS.items() if module == "dashboard"}
    fake_phase("dashboard", **{**others, "dashboard_p95_ms": lambda: "fast"})
    outcomes = run_phases(scale=QUICK, stderr=io.StringIO(), only={"dashboard"})
    assert outcomes["dashboard_p95_ms"].value is None and "not a number" in outcomes["dashboard_p95_ms"].reason


def test_a_renamed_phase_function_is_an_error_not_a_null_figure(fake_phase):
    fake_phase("dashboard", dashboard_p95_ms_renamed=lambda: 1.0)
    with pytest.raises(PhaseMissing, match="dashboard_p95_ms"):
        run_phases(scale=QUICK, stderr=io.StringIO(), only={"dashboard"})
    assert any(entry.startswith("dashboard_p95_ms ") for entry in missing_phases())


def test_a_missing_phase_module_is_an_error_not_a_null_figure(monkeypatch):
    monkeypatch.setitem(sys.modules, "benchmarks.extraction", None)  # import fails
    with pytest.raises(PhaseMissing, match="benchmarks.extraction"):
        run_phases(scale=QUICK, stderr=io.StringIO(), only={"extraction"})


def test_every_key_has_a_phase_function():
    assert missing_phases() == []


def test_the_json_line_is_flat_and_has_every_key():
    data = json.loads(result_json({}, scale=QUICK))
    assert set(data) == set(KEYS) | {"rows", "concurrency", "quick"}
    assert all(not isinstance(value, dict | list) for value in data.values())
