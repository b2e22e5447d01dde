from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.conftest import REPO, SAMPLE

DEBRIS = re.compile(r"<|>|&[a-z#0-9]+;|\s{2}| [,.;:]|betweendiplomatic|markets,impacting")


def test_extract_prints_claims_per_path_without_debris(capsys):
    call_command("extract", str(SAMPLE), "--format", "json")
    output = json.loads(capsys.readouterr().out)
    assert list(output) == [str(SAMPLE)]
    claims = output[str(SAMPLE)]
    assert len(claims) >= 10
    for claim in claims:
        assert set(claim) == {"text", "suggested_status", "score", "cues"}
        assert claim["suggested_status"] in {"supported", "speculative", "needs_source"}
        assert 0 <= claim["score"] <= 1
        assert not DEBRIS.search(claim["text"]), claim["text"]
        for cue in claim["cues"]:
            assert claim["text"][cue["start"] : cue["end"]] == cue["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b" \n ", "empty"), (b"\x00\x01PK", "binary"), (b"\xff\xfe\xfa", "UTF-8")],
    ids=["empty", "whitespace", "binary", "invalid-utf8"],
)
def test_unreadable_files_exit_non_zero_with_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "manage.py", "extract", str(path), "--format", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_extract_per_line_gives_one_row_per_input_line(tmp_path, capsys):
    path = tmp_path / "lines.txt"
    path.write_text(
        "The council approved the budget on Tuesday.\n\nCritics warn it could fail.\nWhat Comes Next\n",
        encoding="utf-8",
    )
    call_command("extract", str(path), "--format", "json", "--per-line")
    rows = json.loads(capsys.readouterr().out)[str(path)]
    assert [row["line"] for row in rows] == [1, 2, 3, 4]
    assert [row["is_claim"] for row in rows] == [True, False, True, False]
    assert rows[2]["uncertain"] is True and rows[2]["suggested_status"] == "speculative"
    assert all(row["suggested_status"] in {"supported", "speculative", "needs_source"} for row in rows)


def test_extract_keeps_paths_as_given_and_in_order(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.txt").write_text("Title\nThe mayor said the budget rose 5% in 2024.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Title\nThe council cut fares by $1 on Monday.\n", encoding="utf-8")
    call_command("extract", "b.txt", "./a.txt", "--format", "json")
    output = json.loads(capsys.readouterr().out)
    assert list(output) == ["b.txt", "./a.txt"]


def test_extract_refuses_missing_and_too_large_files(tmp_path, settings):
    from django.core.management.base import CommandError

    settings.ARTICLE_MAX_BYTES = 100
    big = tmp_path / "big.txt"
    big.write_text("The council met. " * 20, encoding="utf-8")
    with pytest.raises(CommandError, match="big.txt"):
        call_command("extract", str(big), "--format", "json")
    with pytest.raises(CommandError, match="nothere.txt"):
        call_command("extract", str(tmp_path / "nothere.txt"), "--format", "json")


def test_extract_per_line_scores_with_embeddings_unless_no_embed(tmp_path, capsys):
    from reviews.extraction.pipeline import extract_lines, line_rows
    from reviews.matching.checkworthiness import score

    lines = [
        "Unemployment has risen to 4.8% from 3.9% a year earlier.",
        "",
        "Thank you very much, it is great to be here.",
        "Critics warn the plan could fail.",
    ]
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("extract", str(path), "--format", "json", "--per-line")
    embedded = json.loads(capsys.readouterr().out)[str(path)]
    call_command("extract", str(path), "--format", "json", "--per-line", "--no-embed")
    sparse = json.loads(capsys.readouterr().out)[str(path)]

    assert embedded == line_rows(extract_lines(lines, embedded=score))
    assert sparse == line_rows(extract_lines(lines))
    assert [set(row) for row in embedded] == [set(row) for row in sparse]
    assert [row["is_claim"] for row in embedded] == [row["is_claim"] for row in sparse]
    assert [row["score"] for row in embedded] != [row["score"] for row in sparse]
    for row in embedded:
        assert (row["score"] >= 0.5) == row["is_claim"]
