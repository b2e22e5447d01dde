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


@pytest.mark.django_db(transaction=True)
def test_ingest_on_the_filesystem_broker_prints_no_warning_and_leaves_no_broker_state_in_the_cwd(tmp_path):
    """kombu used to log "No hostname was supplied" on every command, and the filesystem transport
    wrote its exchange tables to ./control/ wherever a command was started."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO, database_url_for_subprocess

    var_dir = tmp_path / "var"
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_BROKER_URL": "filesystem://",
        "NEWSROOM_VAR_DIR": str(var_dir),
    }
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "ingest", str(SAMPLE)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "ingested as article" in result.stdout
    assert "hostname" not in result.stderr.lower(), result.stderr
    assert list(cwd.iterdir()) == []
    assert (var_dir / "broker" / "control").is_dir()


def test_the_command_line_extracts_a_large_article_itself_and_says_when_it_is_triaged(tmp_path, settings, capsys):
    from reviews.models import ArticleState
    from tests.services.test_triage import FRENCH

    settings.ARTICLE_ASYNC_MIN_BYTES = 100
    french = tmp_path / "fr.txt"
    french.write_text(FRENCH, encoding="utf-8")
    call_command("ingest", str(SAMPLE), str(french))
    out = capsys.readouterr().out
    assert "claims queued." in out and "for triage: detected language 'fr'" in out
    states = dict(Article.objects.values_list("language", "state"))
    assert states == {"en": ArticleState.REVIEW, "fr": ArticleState.TRIAGE}
