from __future__ import annotations

import pytest

from reviews.exceptions import (
    ArticleTooLarge,
    DuplicateArticle,
    EmptyArticle,
    NoClaimsFound,
    UndecodableArticle,
)
from reviews.models import Article, AuditEvent, Claim, ClaimStatus
from reviews.services.articles import article_ingest, article_text_from_upload

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Article.objects.count(), Claim.objects.count(), AuditEvent.objects.count()


def test_ingest_stores_cleaned_article_and_queues_every_claim(editor, sample_text):
    result = article_ingest(raw_text=sample_text, user=editor, desk="World")
    article = result.article
    assert article.title.startswith("Trump’s Diplomatic Shift")
    assert article.ingested_by == editor
    assert result.claim_count == article.claims.count() >= 10
    assert "strong >" not in article.cleaned_text and "< / li >" not in article.cleaned_text
    for claim in article.claims.all():
        assert article.cleaned_text[claim.start : claim.end] == claim.text
        assert claim.status == ClaimStatus.PENDING
        assert 0 <= claim.score <= 1
    assert AuditEvent.objects.filter(article=article, action="article_ingested").count() == 1


def test_reingesting_the_same_text_creates_nothing(editor, sample_text):
    first = article_ingest(raw_text=sample_text, user=editor)
    before = _counts()
    with pytest.raises(DuplicateArticle) as raised:
        article_ingest(raw_text=sample_text, user=editor)
    assert raised.value.article_id == first.article.pk
    assert "already ingested" in raised.value.message
    assert _counts() == before


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyArticle),
        (b"   \n\t  \n", EmptyArticle),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UndecodableArticle),
        (b"Caf\xe9 au lait costs \xa33 in London.", UndecodableArticle),
    ],
    ids=["empty", "whitespace-only", "binary", "invalid-utf8"],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(data, error):
    before = _counts()
    with pytest.raises(error) as raised:
        article_ingest(raw_text=article_text_from_upload(data=data, name="bad.txt"), name="bad.txt")
    assert raised.value.message.startswith("bad.txt:")
    assert _counts() == before


def test_file_over_the_size_limit_is_refused(settings):
    settings.ARTICLE_MAX_BYTES = 1000
    with pytest.raises(ArticleTooLarge, match="over the limit of 1,000 bytes"):
        article_text_from_upload(data=b"The council approved the budget. " * 100, name="big.txt")
    with pytest.raises(ArticleTooLarge):
        article_ingest(raw_text="The council approved the budget. " * 100)
    assert _counts() == (0, 0, 0)


def test_article_with_no_claims_is_refused():
    with pytest.raises(NoClaimsFound, match="no check-worthy claims"):
        article_ingest(raw_text="Hello\nWhat do you think?\nLet us know in the comments.\n")
    assert _counts() == (0, 0, 0)
