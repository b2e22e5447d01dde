from __future__ import annotations

import pytest

from reviews.models import Article, ArticleState
from reviews.selectors.readiness import Readiness, article_readiness, readiness_annotate, readiness_by_article
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_label_counts_pending_and_disputed_and_ignores_withdrawn():
    article = ArticleFactory()
    for status in ("pending", "disputed", "supported", "speculative", "withdrawn"):
        ClaimFactory(article=article, status=status)
    readiness = article_readiness(article)
    assert (readiness.total, readiness.unresolved, readiness.decided) == (4, 2, 2)
    assert readiness.label == "2 of 4 claims unresolved" and not readiness.ready
    assert Readiness(total=1, unresolved=0, decided=1).label == "0 of 1 claim unresolved"


def test_annotated_queryset_needs_no_further_query(django_assert_num_queries):
    ready, waiting = ArticleFactory(), ArticleFactory()
    ClaimFactory(article=ready, status="supported")
    ClaimFactory(article=waiting, status="pending")
    with django_assert_num_queries(1):
        rows = {a.pk: article_readiness(a) for a in readiness_annotate(Article.objects.all())}
    assert rows[ready.pk].ready and rows[waiting.pk].label == "1 of 1 claim unresolved"
    assert readiness_by_article(article_ids=[ready.pk, waiting.pk]) == rows


def test_no_article_with_zero_decided_items_is_ready():
    """Regression: "0 of 0 claims unresolved" used to be ready (and clearable without an override)."""
    empty = ArticleFactory()
    withdrawn = ArticleFactory()
    ClaimFactory(article=withdrawn, status="withdrawn")
    for article in (empty, withdrawn):
        annotated = readiness_annotate(Article.objects.all()).get(pk=article.pk)
        for readiness in (article_readiness(article), article_readiness(annotated)):
            assert not readiness.ready
            assert readiness.label == "0 of 0 claims unresolved: no claim decided yet"
    not_claims = ArticleFactory()
    ClaimFactory(article=not_claims, status="not_a_claim")  # an editor's decision on the sentence
    assert article_readiness(not_claims).ready


def test_triage_counts_as_one_unresolved_item_until_an_editor_decides():
    article = ArticleFactory(language="fr", state=ArticleState.TRIAGE)
    for readiness in (
        article_readiness(article),
        article_readiness(readiness_annotate(Article.objects).get(pk=article.pk)),
        readiness_by_article(article_ids=[article.pk])[article.pk],
    ):
        assert not readiness.ready
        assert (readiness.items, readiness.unresolved_items) == (1, 1)
        assert readiness.label == "1 of 1 item unresolved: triage, not English (fr)"
    Article.objects.filter(pk=article.pk).update(state=ArticleState.NOTHING_TO_CHECK)
    article.refresh_from_db()
    assert article_readiness(article).ready
