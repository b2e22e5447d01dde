"""Same text, same article: paste (CRLF), upload (LF), API and command line all name the stored article;
the stored hashes move to the normalised form without failing or deleting, and duplicates are listed."""

from __future__ import annotations

import importlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.exceptions import DuplicateArticle
from reviews.extraction.fingerprint import content_hash, legacy_content_hash
from reviews.models import Article, Claim
from reviews.services.articles import article_ingest
from reviews.services.duplicates import DuplicatePair, article_duplicates, articles_rehash
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Budget news\n"
    "The council approved a budget of $1.2 billion on Jan. 5, officials said.\n"
    "Unemployment fell to four percent in March, according to the statistics office.\n"
)
PASTED = TEXT.replace("\n", "\r\n").rstrip("\r\n")  # what a browser's textarea sends


def test_a_crlf_paste_after_an_lf_upload_is_already_ingested(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("budget.txt", TEXT.encode("utf-8"), content_type="text/plain")
    assert client.post(reverse("editor-articles"), {"file": upload}).status_code == 302
    article = Article.objects.get()
    response = client.post(reverse("editor-articles"), {"text": PASTED}, follow=True)
    assert f"already ingested as article #{article.pk}".encode() in response.content
    assert Article.objects.count() == 1 and Claim.objects.count() == article.claims.count()


def test_the_api_and_the_command_line_name_the_same_article(editor, tmp_path, capsys):
    article = article_ingest(raw_text=PASTED, user=editor).article
    api = APIClient()
    api.force_authenticate(editor)
    bom_upload = SimpleUploadedFile("a.txt", ("\ufeff" + TEXT).encode("utf-8"), content_type="text/plain")
    response = api.post("/api/v1/articles/", {"file": bom_upload}, format="multipart")
    assert response.status_code == 409 and f"#{article.pk}" in response.json()["error"]["message"]
    path = tmp_path / "budget.txt"
    path.write_bytes((TEXT + "\n\n").encode("utf-8"))
    call_command("ingest", str(path))
    assert f"already ingested (article #{article.pk})" in capsys.readouterr().out
    with pytest.raises(DuplicateArticle, match=f"already ingested as article #{article.pk}"):
        article_ingest(raw_text=TEXT.replace("said.", "said.   "), user=editor)
    assert Article.objects.count() == 1


def test_changed_text_is_still_a_new_article(editor):
    article_ingest(raw_text=TEXT, user=editor)
    article_ingest(raw_text=TEXT.replace("four percent", "five percent"), user=editor)
    assert Article.objects.count() == 2


def _legacy(raw: str, **extra: object) -> Article:
    """An article stored before normalisation: its hash is the SHA-256 of the raw text."""
    return ArticleFactory(raw_text=raw, content_hash=legacy_content_hash(raw), **extra)


def test_rehash_moves_hashes_and_keeps_the_later_duplicates_old_hash():
    upload = _legacy(TEXT)
    paste = _legacy(TEXT.replace("\n", "\r\n"))
    other = _legacy("Another article\nPrices rose 3 percent in May, the office said.\n")
    paste_old = paste.content_hash
    pairs = articles_rehash(article_model=Article)
    assert pairs == [DuplicatePair(kept_id=upload.pk, duplicate_id=paste.pk)]
    stored = dict(Article.objects.values_list("pk", "content_hash"))
    assert stored[upload.pk] == content_hash(TEXT)
    assert stored[paste.pk] == paste_old  # the later one keeps its old hash: nothing collides, nothing deleted
    assert stored[other.pk] == content_hash(other.raw_text)
    assert Article.objects.count() == 3
    assert articles_rehash(article_model=Article) == pairs  # running it again changes nothing
    assert dict(Article.objects.values_list("pk", "content_hash")) == stored
    assert article_duplicates() == pairs


def test_rehash_when_the_later_article_already_holds_the_new_hash():
    # The later article's raw text is already normal, so its old hash *is* the new one: it keeps it,
    # and the earlier one keeps its own old hash.
    crlf = _legacy(TEXT.replace("\n", "\r\n"))
    clean = _legacy(TEXT.rstrip("\n"))
    assert clean.content_hash == content_hash(TEXT)
    pairs = articles_rehash(article_model=Article)
    assert pairs == [DuplicatePair(kept_id=clean.pk, duplicate_id=crlf.pk)]
    assert Article.objects.get(pk=crlf.pk).content_hash == legacy_content_hash(crlf.raw_text)


def test_the_new_hash_is_unique_in_the_database():
    _legacy(TEXT)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(raw_text=TEXT, content_hash=legacy_content_hash(TEXT))


def test_the_migration_runs_the_rehash_and_lists_what_it_kept():
    migration = importlib.import_module("reviews.migrations.0015_article_content_hash_normalised")
    first = _legacy(TEXT)
    second = _legacy(TEXT.replace("\n", "\r\n"))
    from django.apps import apps as global_apps
    from django.db import connection

    class Editor:  # what RunPython hands a migration function
        pass

    schema_editor = Editor()
    schema_editor.connection = connection  # type: ignore[attr-defined]
    migration.rehash(global_apps, schema_editor)
    assert Article.objects.get(pk=first.pk).content_hash == content_hash(TEXT)
    assert Article.objects.get(pk=second.pk).content_hash == legacy_content_hash(second.raw_text)


def test_duplicate_articles_command_lists_the_pairs(capsys):
    call_command("duplicate_articles")
    assert "No duplicate articles." in capsys.readouterr().out
    upload = _legacy(TEXT, title="Upload")
    paste = _legacy(TEXT.replace("\n", "\r\n"), title="Paste")
    articles_rehash(article_model=Article)
    call_command("duplicate_articles")
    out = capsys.readouterr().out
    assert "1 pair(s)" in out and f"article #{upload.pk} ('Upload'" in out and f"article #{paste.pk} ('Paste'" in out
    call_command("duplicate_articles", "--json")
    (pair,) = json.loads(capsys.readouterr().out)
    assert (pair["kept"]["id"], pair["duplicate"]["id"]) == (upload.pk, paste.pk)
