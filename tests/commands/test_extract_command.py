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
