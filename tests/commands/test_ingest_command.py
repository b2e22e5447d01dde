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


def test_ingest_reads_html_files_as_saved_pages_and_keeps_their_metadata(tmp_path, capsys):
    from tests.webpages import BYLINE, HEADLINE, news_page

    page = tmp_path / "ledger.html"
    page.write_bytes(news_page())
    call_command("ingest", str(page), "--desk", "Environment")
    out = capsys.readouterr().out
    assert f"({HEADLINE!r}, by {BYLINE}, published 2026-03-04) with" in out
    article = Article.objects.get()
    assert (article.origin, article.byline, article.desk) == ("page", BYLINE, "Environment")
    call_command("ingest", str(page))
    assert "already ingested" in capsys.readouterr().out


def test_ingest_with_html_reads_any_file_as_a_page_and_refuses_what_is_not_one(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("Just notes, no markup.", encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 1 input"):
        call_command("ingest", "--html", str(text))
    assert "notes.txt: this is not an HTML page" in capsys.readouterr().err
    assert not Article.objects.exists()


def test_ingest_fetches_urls(page_server, capsys, monkeypatch, fake_dns):
    from tests.network_guard import refuse_outside_loopback
    from tests.page_server import Route
    from tests.webpages import news_page

    attempts = refuse_outside_loopback(monkeypatch)
    page_server.routes["/a"] = Route(news_page())
    with pytest.raises(CommandError, match="1 of 2 input"):
        call_command("ingest", "--url", page_server.url("/a"), "--url", "https://10.0.0.1/")
    captured = capsys.readouterr()
    assert "ingested as article" in captured.out
    assert "https://10.0.0.1/: refused: 10.0.0.1 is a private address." in captured.err
    assert Article.objects.get().source_url == page_server.url("/a") and attempts == []


def test_ingest_needs_something_to_ingest():
    with pytest.raises(CommandError, match="at least one PATH or --url"):
        call_command("ingest")
