"""Ingest stores the fast sparse score; a real worker embeds the claims and refines the score."""

from __future__ import annotations

import pytest

from reviews.extraction.claims import refined_claim_score
from reviews.matching import checkworthiness
from reviews.models import Claim, ClaimEmbedding
from reviews.services.articles import article_ingest
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def test_a_real_worker_refines_the_scores_of_ingested_claims(celery_worker):  # type: ignore[no-untyped-def]
    raw = (
        "Council Passes Budget\n"
        "The council approved a $48 million budget on Tuesday, the mayor said.\n"
        "Unemployment has risen to 4.8% from 3.9% a year earlier.\n"
    )
    article = article_ingest(raw_text=raw).article
    claims = list(Claim.objects.filter(article=article).order_by("position"))
    assert claims and all(0.5 <= c.score <= 1 for c in claims)

    wait_for(lambda: ClaimEmbedding.objects.filter(claim__article=article).count() == len(claims), timeout=120)

    def refined() -> bool:
        stored = list(Claim.objects.filter(article=article).order_by("pk"))  # the task's batch, same order
        for claim, logit in zip(stored, checkworthiness.score([c.text for c in stored]), strict=True):
            if claim.score != round(refined_claim_score(claim.text, float(logit)), 4):
                return False
        return True

    assert wait_for(refined, timeout=30)
    assert "reviews.embed_and_match_claims" in celery_worker.output
