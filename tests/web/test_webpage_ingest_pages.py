"""Issue 17, item 4 on the editor's pages: upload a saved web page or give its address; see its metadata."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Article, PageFetch
from reviews.services.webpages import page_fetch_request, page_fetch_run
from tests.factories import UserFactory
from tests.network_guard import refuse_outside_loopback
from tests.page_server import Route
from tests.webpages import BYLINE, CANONICAL, HEADLINE, news_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch, fake_dns) -> list[object]:  # type: ignore[no-untyped-def]
    return refuse_outside_loopback(monkeypatch)


def test_the_form_offers_a_page_upload_and_an_address(client, editor):
    client.force_login(editor)
    page = client.get(reverse("editor-articles")).content.decode()
    assert 'name="page"' in page and 'accept=".html,.htm,.xhtml,text/html"' in page
    assert 'name="page_url"' in page and "or fetch a web page from its address" in page


def test_editor_uploads_a_saved_page_and_sees_its_metadata(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("ledger.html", news_page(), content_type="text/html")
    response = client.post(reverse("editor-articles"), {"page": upload, "desk": "Environment"})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("editor-article", args=[article.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"<h1>{HEADLINE}</h1>" in page
    assert 'id="page-metadata"' in page and "Saved web page: The Coastal Ledger" in page
    assert BYLINE in page and "2026-03-04" in page and f'href="{CANONICAL}"' in page and "en-gb" in page
    assert page.count('class="hl status-pending"') == article.claims.count() >= 5


def test_a_text_article_shows_no_page_metadata(client, editor, sample_article):
    client.force_login(editor)
    page = client.get(reverse("editor-article", args=[sample_article.pk])).content.decode()
    assert 'id="page-metadata"' not in page


def test_editor_fetches_a_page_by_its_address_and_follows_it(
    client, editor, page_server, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    page_server.routes["/news/harbour"] = Route(news_page())
    client.force_login(editor)
    url = page_server.url("/news/harbour")
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("editor-articles"), {"page_url": url, "desk": "Environment"})
    row = PageFetch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("editor-page-fetch", args=[row.pk])
    assert len(queued) == 1 and page_server.requests == [] and not Article.objects.exists()
    with django_assert_max_num_queries(8):
        pending = client.get(response["Location"]).content.decode()
    assert 'id="fetch-pending"' in pending and '<meta http-equiv="refresh" content="3">' in pending
    assert "The page is being fetched" in pending and url in pending
    listing = client.get(reverse("editor-articles")).content.decode()
    assert 'id="page-fetches" open' in listing and reverse("editor-page-fetch", args=[row.pk]) in listing

    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    article = Article.objects.get()
    done = client.get(response["Location"]).content.decode()
    assert 'id="fetch-done"' in done and reverse("editor-article", args=[article.pk]) in done
    assert 'http-equiv="refresh"' not in done
    assert article.source_url == url and article.origin == "url" and article.desk == "Environment"
    page = client.get(reverse("editor-article", args=[article.pk])).content.decode()
    assert "Web page fetched from its URL" in page
    assert f'<dd id="final-url"><a href="{url}" rel="noopener noreferrer">{url}</a></dd>' in page
    assert f'href="{CANONICAL}"' in page


def test_the_article_page_says_where_a_redirected_page_was_read(client, editor, page_server):
    page_server.routes["/short"] = Route(status=302, headers={"Location": "/news/harbour"})
    page_server.routes["/news/harbour"] = Route(news_page())
    row = page_fetch_request(url=page_server.url("/short"), user=editor)
    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    client.force_login(editor)
    page = client.get(reverse("editor-article", args=[Article.objects.get().pk])).content.decode()
    final = page_server.url("/news/harbour")
    assert f'<dd id="final-url"><a href="{final}"' in page and "(redirected from the address asked for)" in page


def test_a_saved_page_shows_no_read_from_line(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("ledger.html", news_page(), content_type="text/html")
    response = client.post(reverse("editor-articles"), {"page": upload})
    assert 'id="final-url"' not in client.get(response["Location"]).content.decode()


def test_a_failed_fetch_shows_its_error_and_offers_the_address_again(client, editor, page_server):
    page_server.routes["/a"] = Route(b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    client.force_login(editor)
    url = page_server.url("/a")
    response = client.post(reverse("editor-articles"), {"page_url": url, "title": "Kept title"})
    page_fetch_run(fetch_id=PageFetch.objects.get().pk, final_attempt=False)
    page = client.get(response["Location"]).content.decode()
    assert 'id="fetch-failed"' in page and "sent application/pdf, not an HTML page" in page
    assert 'id="fetch-again"' in page and f'value="{url}"' in page and 'value="Kept title"' in page
    assert 'name="csrfmiddlewaretoken"' in page and 'http-equiv="refresh"' not in page


def test_the_fetch_page_is_for_editors(client, reviewer, editor, page_server):
    row = page_fetch_request(url=page_server.url("/a"), user=editor)
    path = reverse("editor-page-fetch", args=[row.pk])
    assert client.get(path).status_code == 302  # to the login page
    client.force_login(reviewer)
    assert client.get(path).status_code == 403
    assert client.post(reverse("editor-articles"), {"page_url": page_server.url("/b")}).status_code == 403
    assert PageFetch.objects.count() == 1
    client.force_login(editor)
    assert client.get(path).status_code == 200
    assert client.get(reverse("editor-page-fetch", args=[row.pk + 1])).status_code == 404


def test_posting_an_address_needs_the_csrf_token(editor, page_server):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("editor-articles"), {"page_url": page_server.url("/a")})
    assert response.status_code == 403 and not PageFetch.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"page": SimpleUploadedFile("x.html", b"Plain text, no markup at all.")}, "this is not an HTML page"),
        ({"page_url": "https://10.0.0.1/news"}, "10.0.0.1 is a private address"),
        ({"page_url": "https://169.254.169.254/latest/"}, "link-local"),
        ({"text": "Some text", "page_url": "https://example.org/a"}, "one of the four"),
    ],
    ids=["not-html", "private-address", "metadata-address", "two-inputs"],
)
def test_bad_pages_and_addresses_show_a_clear_error(client, editor, fields, message, no_traffic_outside_loopback):
    client.force_login(editor)
    response = client.post(reverse("editor-articles"), fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists() and not PageFetch.objects.exists() and no_traffic_outside_loopback == []


def test_asking_for_a_page_already_being_fetched_with_another_title_says_so_and_shows_that_fetch(
    client, editor, page_server
):
    first = page_fetch_request(url=page_server.url("/a"), user=editor, title="Harbour")
    colleague = UserFactory(username="eddie", roles=["editor"], is_staff=True)
    client.force_login(colleague)
    response = client.post(reverse("editor-articles"), {"page_url": page_server.url("/a"), "title": "Other"})
    assert response.status_code == 302 and response["Location"] == reverse("editor-page-fetch", args=[first.pk])
    page = client.get(response["Location"]).content.decode()
    assert "already being fetched" in page and "edna" in page and PageFetch.objects.count() == 1
