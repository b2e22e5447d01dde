"""Uploads: an oversized body is refused by its length before it is read; names are never paths."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reviews.models import Article

FIFTY_MB = 50 * 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    read_calls = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        UnreadableBody.read_calls += 1
        raise AssertionError("the body of an oversized request was read")

    readinto = read  # type: ignore[assignment]


def post_declared(client: Client, path: str, length: int):  # type: ignore[no-untyped-def]
    UnreadableBody.read_calls = 0
    return client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.parametrize("path", ["/editor/", "/api/v1/articles/"])
def test_a_50_mb_upload_is_refused_with_413_before_the_body_is_read(client, editor, path, tmp_path):
    client.force_login(editor)
    response = post_declared(client, path, FIFTY_MB)
    assert response.status_code == 413
    assert UnreadableBody.read_calls == 0
    body = response.content.decode()
    assert "52,428,800 bytes" in body and "Nothing was stored" in body
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "request_too_large"
    assert Article.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*"))


def test_an_upload_just_over_the_article_limit_is_refused_by_the_service_with_413(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    big = SimpleUploadedFile("big.txt", b"Exports rose 5% in 2025, officials said. " * 60_000, "text/plain")
    assert big.size > settings.ARTICLE_MAX_BYTES
    response = api.post(reverse("article-list"), {"file": big}, format="multipart")
    assert response.status_code == 413
    assert Article.objects.count() == 0


def test_a_binary_upload_is_refused(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    png = SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000), "text/plain")
    response = api.post(reverse("article-list"), {"file": png}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "undecodable_article"
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["../../../../tmp/owned.txt", "/etc/passwd", "..\\..\\boot.ini", "<script>x</script>.txt"]
)
def test_an_uploaded_file_name_is_never_used_as_a_path(client, editor, sample_text, name, tmp_path):
    client.force_login(editor)
    before = set(Path("/tmp").glob("owned*"))
    upload = SimpleUploadedFile(name, sample_text.encode(), "text/plain")
    response = client.post(reverse("editor-articles"), {"file": upload, "desk": "World"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.raw_text == sample_text
    assert set(Path("/tmp").glob("owned*")) == before
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*")), "the upload was stored on disk"
    page = client.get(response["Location"]).content.decode()
    assert "<script>x</script>" not in page
