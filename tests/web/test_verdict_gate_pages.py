from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Review
from reviews.services.queue import claim_assign_next
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(reviewer):
    ClaimFactory()
    return claim_assign_next(reviewer=reviewer)


def test_the_review_page_offers_evidence_and_missing_source_fields(client, reviewer, held):
    client.force_login(reviewer)
    page = client.get(reverse("review-claim", args=[held.pk]))
    assert b"Required for" in page.content and b'name="missing_source_kinds"' in page.content
    assert b"Official record" in page.content and b'name="rereview_on"' in page.content


def test_supported_without_a_link_is_refused_on_the_page(client, reviewer, held):
    client.force_login(reviewer)
    response = client.post(reverse("review-claim", args=[held.pk]), {"verdict": "supported", "evidence": ""})
    assert response.status_code == 400 and b"at least one evidence link" in response.content
    assert not Review.objects.exists()


def test_needs_source_without_kinds_is_refused_then_accepted_with_one(client, reviewer, held):
    client.force_login(reviewer)
    url = reverse("review-claim", args=[held.pk])
    refused = client.post(url, {"verdict": "needs_source"})
    assert refused.status_code == 400 and b"what source is missing" in refused.content
    accepted = client.post(url, {"verdict": "needs_source", "missing_source_kinds": ["named_person"]})
    assert accepted.status_code == 302
    assert Review.objects.get().missing_source_kinds == ["named_person"]


def test_boxes_ticked_then_another_verdict_chosen_are_ignored_by_the_page(client, reviewer, held):
    client.force_login(reviewer)
    response = client.post(
        reverse("review-claim", args=[held.pk]), {"verdict": "speculative", "missing_source_kinds": ["document"]}
    )
    assert response.status_code == 302
    assert Review.objects.get().missing_source_kinds == []
