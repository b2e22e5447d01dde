from __future__ import annotations

import pytest

from reviews.models import Article
from reviews.selectors.readiness import Readiness, article_readiness, readiness_annotate, readiness_by_article
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_label_counts_pending_and_disputed_and_ignores_withdrawn():
    article = ArticleFactory()
    for status in ("pending", "disputed", "supported", "speculative", "withdrawn"):
        ClaimFactory(article=article, status=status)
    readiness = article_readiness(article)
    assert readiness == Readiness(total=4, unresolved=2)
    assert readiness.label == "2 of 4 claims unresolved" and not readiness.ready
    assert Readiness(total=1, unresolved=0).label == "0 of 1 claim unresolved"


def test_annotated_queryset_needs_no_further_query(django_assert_num_queries):
    ready, waiting = ArticleFactory(), ArticleFactory()
    ClaimFactory(article=ready, status="supported")
    ClaimFactory(article=waiting, status="pending")
    with django_assert_num_queries(1):
        rows = {a.pk: article_readiness(a) for a in readiness_annotate(Article.objects.all())}
    assert rows[ready.pk].ready and rows[waiting.pk].label == "1 of 1 claim unresolved"
    assert readiness_by_article(article_ids=[ready.pk, waiting.pk]) == rows
