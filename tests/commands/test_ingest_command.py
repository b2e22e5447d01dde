from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from reviews.models import Article
from tests.conftest import SAMPLE

pytestmark = pytest.mark.django_db


def test_ingest_is_idempotent(capsys):
    call_command("ingest", str(SAMPLE))
    assert "ingested as article" in capsys.readouterr().out
    call_command("ingest", str(SAMPLE))
    assert "already ingested" in capsys.readouterr().out
    assert Article.objects.count() == 1


def test_ingest_reports_bad_files_and_keeps_going(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("ingest", str(empty), str(SAMPLE))
    assert "empty.txt: the article is empty." in capsys.readouterr().err
    assert Article.objects.count() == 1
