"""The matching workers' approximate index: recall through the service, snapshots, restarts.

Stored vectors are the bench's synthetic clustered set (no model is loaded: the service re-uses a stored
vector and only embeds claims that have none).
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from benchmarks.matching import CLAIMS_PER_ARTICLE, clustered_vectors
from reviews.matching import embedding
from reviews.matching import index as index_module
from reviews.matching.index import ExactIndex
from reviews.models import Article, Claim, ClaimEmbedding, ClaimMatch
from reviews.services import matching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings, monkeypatch):  # type: ignore[no-untyped-def]
    # scaled down: 8 lists, 2 probed, trained at 320 vectors (the 2,000-claim test goes through the lists,
    # the 200-claim ones stay exact); the million is the bench's
    monkeypatch.setattr(index_module, "LISTS", 8)
    monkeypatch.setattr(index_module, "PROBES", 2)
    settings.MATCHING_INDEX_SHARED = False
    matching.matching_index_reset()
    yield
    matching.matching_index_reset()


def seed(total: int, *, start_article: int = 0) -> tuple[list[int], np.ndarray]:
    vectors = np.vstack(list(clustered_vectors(total, chunk=1000)))
    articles = Article.objects.bulk_create(
        [
            Article(title=f"A{i}", raw_text="r", cleaned_text="c", content_hash=f"m{start_article + i:063d}")
            for i in range(total // CLAIMS_PER_ARTICLE)
        ]
    )
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=articles[i // CLAIMS_PER_ARTICLE],
                position=i % CLAIMS_PER_ARTICLE,
                text=f"claim {i}",
                start=0,
                end=5,
                score=0.9,
                suggested_status="needs_source",
            )
            for i in range(total)
        ]
    )
    store([c.pk for c in claims], vectors)
    return [c.pk for c in claims], vectors


def store(claim_ids: list[int], vectors: np.ndarray) -> None:
    ClaimEmbedding.objects.bulk_create(
        [
            ClaimEmbedding(
                claim_id=claim_id,
                model_name=embedding.MODEL_NAME,
                dimensions=embedding.DIMENSIONS,
                vector=vector.astype(np.float32).tobytes(),
            )
            for claim_id, vector in zip(claim_ids, vectors, strict=True)
        ]
    )


def test_precedents_from_the_index_are_the_brute_force_top_5_with_exact_similarities() -> None:
    ids, vectors = seed(2000)
    queries = list(range(0, 2000, 25))
    found = matching.claims_embed_and_match(claim_ids=[ids[row] for row in queries])
    assert matching._stored.index is not None and matching._stored.index.trained
    exact = ExactIndex(embedding.DIMENSIONS)
    exact.add(ids, vectors)
    article_of = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "article_id"))
    expected_total = hit = 0
    for row in queries:
        candidates = exact.search(vectors[row], k=60, min_similarity=0.75, exclude=[ids[row]])
        truth = [n for n in candidates if article_of[n.id] != article_of[ids[row]]][:5]
        stored = found[ids[row]]
        expected_total += len(truth)
        hit += len({n.id for n in truth} & {m.matched_claim_id for m in stored})
        by_id = {n.id: n.similarity for n in candidates}
        for match in stored:
            assert match.similarity >= 0.75
            assert abs(match.similarity - by_id[match.matched_claim_id]) < 1e-5  # exact, not the 4-bit estimate
            assert article_of[match.matched_claim_id] != article_of[ids[row]]
    assert expected_total > 100
    assert hit / expected_total >= 0.98


def test_a_restart_loads_the_snapshot_and_reads_only_newer_rows(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_INDEX_SAVE_EVERY = 100
    ids, vectors = seed(400)
    matching.claims_embed_and_match(claim_ids=ids[:1])
    assert matching.matching_index_status()["source"] == "built"
    assert list(settings.MATCHING_INDEX_DIR.rglob("*.index"))  # 400 new vectors >= 100: a snapshot

    matching.matching_index_reset()  # a new process
    newcomer = Claim.objects.create(
        article=Article.objects.create(title="n", raw_text="r", cleaned_text="c", content_hash="n" * 64),
        position=0,
        text="new",
        start=0,
        end=3,
        score=0.9,
        suggested_status="needs_source",
    )
    store([newcomer.pk], vectors[7:8] * 0.999 + vectors[8:9] * 0.001)  # a paraphrase of claim 7, stored later
    found = matching.claim_embed_and_match(claim_id=newcomer.pk)
    status = matching.matching_index_status()
    assert status["source"] == "local" and status["vectors"] == 401
    assert ids[7] in [m.matched_claim_id for m in found]
    reverse = matching.claim_embed_and_match(claim_id=ids[7])  # the new row is in the index (topped up)
    assert newcomer.pk in [m.matched_claim_id for m in reverse]


def test_a_worker_on_another_machine_loads_the_shared_snapshot(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_INDEX_SHARED = True
    settings.MATCHING_INDEX_SAVE_EVERY = 100
    ids, _vectors = seed(200)
    matching.claims_embed_and_match(claim_ids=ids[:1])
    shutil.rmtree(settings.MATCHING_INDEX_DIR)  # another machine: nothing on its disk
    matching.matching_index_reset()
    matching.claims_embed_and_match(claim_ids=ids[:1])
    assert matching.matching_index_status()["source"] == "shared"
    assert list(settings.MATCHING_INDEX_DIR.rglob("*.index"))  # kept locally for its next restart


def test_a_snapshot_of_another_database_is_not_trusted(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_INDEX_SAVE_EVERY = 100
    ids, vectors = seed(200)
    matching.claims_embed_and_match(claim_ids=ids[:1])
    # the same ids now hold other vectors (a restored backup, another deployment's snapshot)
    for claim_id, vector in zip(ids, vectors[::-1], strict=True):
        ClaimEmbedding.objects.filter(claim_id=claim_id).update(vector=vector.tobytes())
    matching.matching_index_reset()
    found = matching.claim_embed_and_match(claim_id=ids[0])
    assert matching.matching_index_status()["source"] == "built"
    exact = ExactIndex(embedding.DIMENSIONS)
    exact.add(ids, vectors[::-1])
    article_of = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "article_id"))
    truth = [
        n.id
        for n in exact.search(vectors[-1], k=40, min_similarity=0.75, exclude=[ids[0]])
        if article_of[n.id] != article_of[ids[0]]
    ][:5]
    assert [m.matched_claim_id for m in found] == truth


def _delete_claim_as_the_database_owner(claim_id: int) -> None:
    """The app never deletes claims and PostgreSQL refuses it (reviews/db_audit.py); only the table owner
    can lift that, as here (inside the test's transaction, so the trigger is back afterwards)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        Claim.objects.filter(pk=claim_id).delete()
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending while the table is altered
        cursor.execute("ALTER TABLE reviews_claim DISABLE TRIGGER reviews_claim_no_delete")
        Claim.objects.filter(pk=claim_id).delete()
        cursor.execute("ALTER TABLE reviews_claim ENABLE TRIGGER reviews_claim_no_delete")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_deleted_claims_drop_out_of_precedents_without_a_rebuild() -> None:
    ids, vectors = seed(200)
    first = matching.claim_embed_and_match(claim_id=ids[0])
    assert first
    gone = first[0].matched_claim_id
    _delete_claim_as_the_database_owner(gone)
    again = matching.claim_embed_and_match(claim_id=ids[0])
    assert gone not in [m.matched_claim_id for m in again]
    assert ClaimMatch.objects.filter(claim_id=ids[0]).count() == len(again)
