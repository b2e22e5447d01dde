from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.shared_data import shared_path

OWN_DATA = Path(__file__).resolve().parents[1] / "extraction" / "data"


def test_prints_per_article_lines_and_a_one_line_summary_last(capsys):
    call_command("evaluate_extraction", str(OWN_DATA))
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(line.startswith("harbor_ferry") for line in lines)
    assert any(line.startswith("valley_drought") for line in lines)
    assert lines[-1].startswith("overall claim_F1=")
    # the format, not the figures (test_quality_floors holds those)
    assert re.search(r"label_acc=\d\.\d{3} label_macroF1=\d\.\d{3} debris_rate=\d\.\d{3}$", lines[-1])


def test_json_summary_agrees_with_the_reference_scorer_on_the_corpus(capsys):
    corpus = shared_path("corpus")
    call_command("evaluate_extraction", str(corpus), "--json")
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["claim_F1"] >= 0.95 and figures["label_acc"] >= 0.9 and figures["debris_rate"] == 0.0


def test_refuses_a_missing_or_empty_directory(tmp_path):
    with pytest.raises(CommandError, match="not a directory"):
        call_command("evaluate_extraction", str(tmp_path / "nope"))
    with pytest.raises(CommandError, match="no gold"):
        call_command("evaluate_extraction", str(tmp_path))


def test_refuses_gold_without_article(tmp_path):
    shutil.copy(OWN_DATA / "harbor_ferry.json", tmp_path / "harbor_ferry.json")
    with pytest.raises(CommandError, match="harbor_ferry"):
        call_command("evaluate_extraction", str(tmp_path))
