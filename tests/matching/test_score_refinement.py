"""The matching task refines each claim's stored score in the pass that computes its vector (real MiniLM)."""

from __future__ import annotations

import numpy as np
import pytest

from reviews import tasks
from reviews.extraction.claims import judge, refined_claim_score
from reviews.extraction.types import Sentence
from reviews.matching import checkworthiness, embedding
from reviews.models import Article, AuditEvent, Claim, ClaimEmbedding
from reviews.services.matching import matching_index_reset

pytestmark = pytest.mark.django_db

TEXTS = [
    "Unemployment has risen to 4.8% from 3.9% a year earlier.",
    "The bill would require companies to disclose when customers talk to an AI system.",
    "Critics warn the plan could fail.",
]


@pytest.fixture(autouse=True)
def _fresh_index():  # type: ignore[no-untyped-def]
    matching_index_reset()
    yield
    matching_index_reset()


def ingested_claims() -> list[Claim]:
    """Claims as ingest stores them: the sparse score, in the claims' half."""
    article = Article.objects.create(title="A", raw_text="raw", cleaned_text="clean", content_hash="a" * 64)
    out = []
    for position, text in enumerate(TEXTS):
        judgement = judge(Sentence(text, 0, len(text)))
        assert judgement.is_claim
        out.append(
            Claim.objects.create(
                article=article,
                position=position,
                text=text,
                start=0,
                end=len(text),
                score=round(judgement.score, 4),
                suggested_status=judgement.status.value,
            )
        )
    return out


def test_the_task_refines_scores_in_the_same_pass_and_is_idempotent(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    claims = ingested_claims()
    sparse = {c.pk: c.score for c in claims}
    updated = {c.pk: c.updated_at for c in claims}
    calls: list[int] = []
    real = checkworthiness.embed_and_score
    monkeypatch.setattr(
        checkworthiness, "embed_and_score", lambda texts, **kw: calls.append(len(texts)) or real(texts, **kw)
    )
    monkeypatch.setattr(embedding, "embed", lambda texts, **kw: pytest.fail("a second forward pass"))

    tasks.embed_and_match_claims([c.pk for c in claims])
    assert calls == [len(TEXTS)]  # one forward pass for the article's claims: vectors and scores
    first = {c.pk: c for c in Claim.objects.filter(pk__in=sparse)}
    vectors, logits = real([c.text for c in claims])  # the same batch, recomputed
    for claim, logit, vector in zip(claims, logits, vectors, strict=True):
        stored = embedding.from_bytes(bytes(ClaimEmbedding.objects.get(claim=claim).vector))
        np.testing.assert_allclose(stored, vector, atol=1e-6)
        assert first[claim.pk].score == round(refined_claim_score(claim.text, float(logit)), 4)
        assert 0.5 <= first[claim.pk].score <= 1.0
        assert first[claim.pk].updated_at == updated[claim.pk]  # a recomputation, not an edit
    assert any(first[pk].score != sparse[pk] for pk in sparse)

    tasks.embed_and_match_claims([c.pk for c in claims])
    assert calls == [len(TEXTS)]  # the stored vectors are reused
    assert {c.pk: c.score for c in Claim.objects.filter(pk__in=sparse)} == {pk: c.score for pk, c in first.items()}
    assert not AuditEvent.objects.exists()


def test_a_claim_scored_below_the_threshold_is_left_alone() -> None:
    article = Article.objects.create(title="B", raw_text="raw", cleaned_text="clean", content_hash="b" * 64)
    claim = Claim.objects.create(
        article=article, position=0, text=TEXTS[0], start=0, end=len(TEXTS[0]), score=0.3, suggested_status="supported"
    )
    tasks.embed_and_match_claims([claim.pk])
    claim.refresh_from_db()
    assert claim.score == 0.3 and ClaimEmbedding.objects.filter(claim=claim).exists()
