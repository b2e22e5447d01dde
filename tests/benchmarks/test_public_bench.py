from __future__ import annotations

import io

import pytest

from benchmarks.public import public_page_p95_ms, public_seed
from reviews.models import Publication, PublicationCorrection

pytestmark = pytest.mark.django_db


def test_the_seed_publishes_pages_that_answer_with_their_corrections(client):
    keys = public_seed(reviews=30)
    assert Publication.objects.count() == 30 and PublicationCorrection.objects.count() == 3
    page = client.get(f"/fact-checks/{keys[0]}/")
    assert page.status_code == 200 and "Corrections" in page.content.decode()


def test_the_public_page_bench_times_real_pages():
    notes = io.StringIO()
    p95 = public_page_p95_ms(rows=40, quick=True, stderr=notes)
    assert isinstance(p95, float) and p95 > 0
    assert "40 published reviews" in notes.getvalue()
