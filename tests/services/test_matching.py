"""Claim matching through the real bundled MiniLM model, with paraphrase pairs written for this test."""

from __future__ import annotations

import pytest

from reviews.matching import embedding
from reviews.models import Article, Claim, ClaimEmbedding, ClaimMatch
from reviews.services.matching import claim_embed_and_match, claims_embed_and_match, matching_index_reset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index():  # type: ignore[no-untyped-def]
    matching_index_reset()
    yield
    matching_index_reset()


def make_claim(text: str, article: Article, position: int = 0) -> Claim:
    return Claim.objects.create(
        article=article,
        position=position,
        text=text,
        start=0,
        end=len(text),
        score=0.9,
        suggested_status="needs_source",
    )


def make_article(n: int) -> Article:
    return Article.objects.create(
        title=f"Article {n}", raw_text=f"raw {n}", cleaned_text=f"clean {n}", content_hash=f"{n:064d}"
    )


def test_a_paraphrase_in_another_article_is_a_precedent_and_an_unrelated_claim_is_not() -> None:
    old, other, new = make_article(1), make_article(2), make_article(3)
    precedent = make_claim("The city council approved a $48 million budget on Tuesday night.", old)
    unrelated = make_claim("A robotic lander touched down near the moon’s south pole.", other)
    claims_embed_and_match(claim_ids=[precedent.pk, unrelated.pk])

    query = make_claim("On Tuesday evening the council passed the city’s 48-million-dollar budget.", new)
    matches = claim_embed_and_match(claim_id=query.pk)

    assert [m.matched_claim_id for m in matches] == [precedent.pk]
    assert 0.75 <= matches[0].similarity <= 1.0
    assert ClaimEmbedding.objects.filter(claim=query).exists()


def test_claims_of_the_same_article_are_not_precedents() -> None:
    article = make_article(4)
    first = make_claim("Inflation slowed to 3.1% in December.", article, 0)
    second = make_claim("In December, inflation eased to 3.1%.", article, 1)
    results = claims_embed_and_match(claim_ids=[first.pk, second.pk])
    assert results[first.pk] == [] and results[second.pk] == []


def test_rerunning_is_idempotent_and_reuses_the_stored_vector() -> None:
    a, b = make_article(5), make_article(6)
    one = make_claim("Measles cases in the county rose to 27 this winter.", a)
    two = make_claim("The county has now recorded 27 measles cases this winter.", b)
    claims_embed_and_match(claim_ids=[one.pk])
    claim_embed_and_match(claim_id=two.pk)
    stored = bytes(ClaimEmbedding.objects.get(claim=two).vector)
    claim_embed_and_match(claim_id=two.pk)
    assert ClaimMatch.objects.filter(claim=two).count() == 1
    assert bytes(ClaimEmbedding.objects.get(claim=two).vector) == stored
    assert len(embedding.from_bytes(stored)) == embedding.DIMENSIONS


def test_a_claim_is_matched_to_the_other_articles_claims_best_first(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLAIM_MATCH_MIN_SIMILARITY = 0.5
    a, b, c = make_article(7), make_article(8), make_article(9)
    one = make_claim("The central bank held its key rate at 4.25% on Wednesday.", a)
    two = make_claim("On Wednesday the central bank kept its benchmark rate unchanged at 4.25%.", b)
    three = make_claim("The central bank left interest rates at 4.25 percent this week.", c)
    claims_embed_and_match(claim_ids=[one.pk, two.pk])
    found = claim_embed_and_match(claim_id=three.pk)
    assert {m.matched_claim.article_id for m in found} == {a.pk, b.pk}
    assert [m.similarity for m in found] == sorted((m.similarity for m in found), reverse=True)
    assert set(ClaimMatch.objects.filter(claim=three).values_list("matched_claim_id", flat=True)) == {one.pk, two.pk}


def test_ingestion_enqueues_matching_for_the_new_claims_after_commit(  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from reviews import tasks
    from reviews.services.articles import article_ingest

    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.embed_and_match_claims, "apply_async", lambda args, **options: queued.append(args[0]))
    raw = "Council Passes Budget\nThe council approved a $48 million budget on Tuesday, the mayor said."
    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(raw_text=raw)
    assert queued == [list(Claim.objects.filter(article=result.article).values_list("pk", flat=True))]


def test_matching_can_be_switched_off(django_capture_on_commit_callbacks, monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    from reviews import tasks
    from reviews.services.articles import article_ingest

    settings.CLAIM_MATCHING_ENABLED = False
    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.embed_and_match_claims, "apply_async", lambda args, **options: queued.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        article_ingest(raw_text="Council Passes Budget\nThe council approved a $48 million budget on Tuesday.")
    assert queued == []
