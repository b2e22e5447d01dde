from __future__ import annotations

import pytest

from reviews.exceptions import AlreadyCleared, ArticleNotReady, ArticleSuperseded, NotAllowed
from reviews.models import AuditEvent
from reviews.services.clearance import article_clear
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_an_article_with_every_claim_final_is_cleared(editor):
    article = ArticleFactory()
    ClaimFactory(article=article, status="supported")
    ClaimFactory(article=article, status="needs_source")
    ClaimFactory(article=article, status="withdrawn")  # withdrawn claims do not block
    cleared = article_clear(article_id=article.pk, user=editor)
    assert cleared.cleared_by == editor and cleared.is_cleared and not cleared.cleared_with_override
    event = AuditEvent.objects.get(action="article_cleared")
    assert (event.after, event.reason, event.data) == ("cleared", "", {"unresolved": 0, "total": 2})


def test_unresolved_claims_refuse_clearance_without_a_reason(editor):
    article = ArticleFactory()
    ClaimFactory(article=article, status="supported")
    ClaimFactory(article=article, status="disputed")
    ClaimFactory(article=article, status="pending")
    with pytest.raises(ArticleNotReady, match="2 of 3 claims unresolved"):
        article_clear(article_id=article.pk, user=editor, override_reason="   ")
    article.refresh_from_db()
    assert not article.is_cleared
    assert not AuditEvent.objects.filter(action="article_cleared").exists()


def test_an_override_reason_clears_and_is_recorded(editor):
    article = ArticleFactory()
    ClaimFactory(article=article, status="pending")
    cleared = article_clear(article_id=article.pk, user=editor, override_reason="Breaking news; legal signed off.")
    assert cleared.cleared_with_override
    assert cleared.clearance_override_reason == "Breaking news; legal signed off."
    event = AuditEvent.objects.get(action="article_cleared")
    assert (event.after, event.reason, event.actor) == (
        "cleared_with_override",
        "Breaking news; legal signed off.",
        editor,
    )
    with pytest.raises(AlreadyCleared):
        article_clear(article_id=article.pk, user=editor, override_reason="again")


def test_only_editors_clear_and_a_superseded_version_cannot_be_cleared(editor, reviewer):
    old = ArticleFactory()
    ArticleFactory(previous_version=old, version=2)
    with pytest.raises(NotAllowed):
        article_clear(article_id=old.pk, user=reviewer)
    with pytest.raises(ArticleSuperseded):
        article_clear(article_id=old.pk, user=editor)
