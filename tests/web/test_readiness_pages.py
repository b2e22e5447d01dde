"""Readiness ("N of M claims unresolved"), clearance and versions as editors and reviewers see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Article, AuditEvent
from reviews.services.articles import article_ingest
from reviews.services.queue import claim_assign_next
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_done():
    article = ArticleFactory(title="Half done")
    ClaimFactory(article=article, status="supported")
    ClaimFactory(article=article, status="pending")
    ClaimFactory(article=article, status="disputed")
    return article


def test_editor_list_and_page_show_readiness(client, editor, half_done, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(10):
        listing = client.get(reverse("editor-articles"))
    assert b"2 of 3 claims unresolved" in listing.content
    with django_assert_max_num_queries(12):
        page = client.get(reverse("editor-article", args=[half_done.pk]))
    assert b"2 of 3 claims unresolved" in page.content
    assert b"Clear with override" in page.content


def test_clearing_an_unready_article_without_a_reason_is_refused(client, editor, half_done):
    client.force_login(editor)
    response = client.post(reverse("editor-article", args=[half_done.pk]), {"override_reason": ""})
    assert response.status_code == 400
    assert b"2 of 3 claims unresolved" in response.content and b"override" in response.content
    assert not Article.objects.get(pk=half_done.pk).is_cleared


def test_clearing_with_an_override_reason_is_recorded_and_shown(client, editor, half_done):
    client.force_login(editor)
    response = client.post(
        reverse("editor-article", args=[half_done.pk]), {"override_reason": "Legal approved the disputed line."}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"Cleared for publication" in page.content and b"Legal approved the disputed line." in page.content
    assert AuditEvent.objects.get(action="article_cleared").reason == "Legal approved the disputed line."


def test_a_ready_article_is_cleared_with_one_click(client, editor):
    article = ArticleFactory()
    ClaimFactory(article=article, status="speculative")
    client.force_login(editor)
    page = client.get(reverse("editor-article", args=[article.pk]))
    assert b"0 of 1 claim unresolved" in page.content and b"Clear for publication</button>" in page.content
    assert client.post(reverse("editor-article", args=[article.pk]), {}).status_code == 302
    assert Article.objects.get(pk=article.pk).is_cleared


def test_reviewers_cannot_clear(client, reviewer, half_done):
    client.force_login(reviewer)
    response = client.post(reverse("editor-article", args=[half_done.pk]), {"override_reason": "x"})
    assert response.status_code == 403


def test_reviewer_sees_the_article_readiness_on_the_desk_and_the_claim(client, reviewer, half_done):
    assignment = claim_assign_next(reviewer=reviewer)
    assert assignment.claim.article_id == half_done.pk
    client.force_login(reviewer)
    assert b"2 of 3 claims unresolved" in client.get(reverse("review-desk")).content
    assert b"2 of 3 claims unresolved" in client.get(reverse("review-claim", args=[assignment.pk])).content


def test_versions_link_to_each_other_on_the_article_pages(client, editor):
    url = "https://news.example.org/story"
    first = "Story\nThe council approved a budget of 12 million dollars on Monday, officials said.\n"
    second = first + "The city hired 250 new teachers in 2025, the education board said.\n"
    v1 = article_ingest(raw_text=first, user=editor, source_url=url).article
    client.force_login(editor)
    response = client.post(reverse("editor-articles"), {"text": second, "source_url": url}, follow=True)
    assert b"Ingested as version 2" in response.content and b"corrects" in response.content
    old = client.get(reverse("editor-article", args=[v1.pk]))
    assert b"superseded by" in old.content and b"Clear for publication" not in old.content
