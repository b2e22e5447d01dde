from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Article, Report
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_editor_uploads_a_file_and_sees_its_claims_highlighted(client, editor, sample_text):
    client.force_login(editor)
    upload = SimpleUploadedFile("shift.txt", sample_text.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("editor-articles"), {"file": upload, "desk": "World"})
    article = Article.objects.get()
    assert response["Location"] == reverse("editor-article", args=[article.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.count(b'class="hl status-pending"') == article.claims.count()


def test_editor_pastes_text(client, editor):
    client.force_login(editor)
    text = "Budget news\nThe council approved a budget of $1.2 billion on Jan. 5, officials said.\n"
    response = client.post(reverse("editor-articles"), {"text": text})
    assert response.status_code == 302
    assert Article.objects.get().claims.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", b"empty"), (b"\x00\x01\x02binary", b"binary file"), (b"caf\xe9", b"not valid UTF-8")],
    ids=["empty", "binary", "invalid-utf8"],
)
def test_bad_uploads_show_a_clear_error(client, editor, content, message):
    client.force_login(editor)
    upload = SimpleUploadedFile("bad.txt", content, content_type="text/plain")
    response = client.post(reverse("editor-articles"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content
    assert not Article.objects.exists()


def test_duplicate_upload_points_to_the_existing_article(client, editor, sample_article, sample_text):
    client.force_login(editor)
    response = client.post(reverse("editor-articles"), {"text": sample_text}, follow=True)
    assert b"already ingested" in response.content
    assert Article.objects.count() == 1


def test_editor_requests_a_report(client, editor, sample_article, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("editor-request-report", args=[sample_article.pk]), {"format": "csv"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.format, report.state, report.requested_by) == ("csv", "queued", editor)
    assert len(callbacks) == 1  # enqueued only after commit


def test_article_page_query_count_does_not_grow_with_claims(client, editor, django_assert_max_num_queries):
    claim = ClaimFactory()
    ClaimFactory.create_batch(30, article=claim.article)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("editor-article", args=[claim.article_id])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("editor-articles")).status_code == 200
