"""Issue 12.1 in the editor pages: the language notice, the triage decision, and who may make it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Article, ArticleState, AuditEvent
from tests.services.test_triage import FRENCH

pytestmark = pytest.mark.django_db


def _paste(client, editor) -> Article:  # type: ignore[no-untyped-def]
    client.force_login(editor)
    response = client.post(reverse("editor-articles"), {"text": FRENCH})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("editor-article", args=[article.pk])
    return article


def test_pasted_french_article_shows_the_notice_and_the_triage_decision(client, editor):
    article = _paste(client, editor)
    page = client.get(reverse("editor-article", args=[article.pk])).content.decode()
    assert 'id="language-notice"' in page and "detected as <strong>fr</strong>" in page and "English-only" in page
    assert "1 of 1 item unresolved: triage, not English (fr)" in page
    assert 'id="triage-form"' in page and 'id="clear-form"' not in page
    listing = client.get(reverse("editor-articles")).content.decode()
    assert "triage, not English" in listing and "no automatic extraction" in listing


def test_editor_confirms_nothing_to_check_with_a_reason(client, editor):
    article = _paste(client, editor)
    url = reverse("editor-article-nothing-to-check", args=[article.pk])
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 400 and b"This field is required" in missing.content
    response = client.post(url, {"reason": "Only a schedule."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.NOTHING_TO_CHECK
    page = client.get(reverse("editor-article", args=[article.pk])).content.decode()
    assert 'id="triage-decision"' in page and "Only a schedule." in page and 'id="clear-form"' in page


def test_reviewer_cannot_decide_triage(client, editor, reviewer):
    article = _paste(client, editor)
    client.force_login(reviewer)
    response = client.post(reverse("editor-article-nothing-to-check", args=[article.pk]), {"reason": "fine"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.state == ArticleState.TRIAGE and not AuditEvent.objects.filter(action="article_triaged").exists()
