from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_editor_reads_dashboard_figures_with_filters(editor, reviewer, django_assert_max_num_queries):
    ClaimFactory.create_batch(3, article=ArticleFactory(desk="Politics"))
    settled = ClaimFactory(article=ArticleFactory(desk="Sport"), status=ClaimStatus.SUPPORTED)
    ReviewFactory(claim=settled, reviewer=reviewer, seconds_spent=50)
    api = APIClient()
    api.force_authenticate(editor)
    with django_assert_max_num_queries(12):
        body = api.get("/api/v1/dashboard/").json()
    assert body["mix"]["total"] == 4 and body["mix"]["pending"] == 3 and body["backlog"]["waiting"] == 3
    assert body["throughput"][0]["username"] == "rita" and body["throughput"][0]["median_seconds"] == 50
    assert len(body["days"]) == 30 and body["verdict_totals"]["supported"] == 1
    politics = api.get("/api/v1/dashboard/", {"desk": "Politics"}).json()
    assert politics["mix"]["total"] == 3 and politics["throughput"] == []
    invalid = api.get("/api/v1/dashboard/", {"date_from": "yesterday"})
    assert invalid.status_code == 400 and "date_from" in invalid.json()["error"]["details"]


def test_reviewers_cannot_read_the_dashboard(reviewer):
    api = APIClient()
    api.force_authenticate(reviewer)
    assert api.get("/api/v1/dashboard/").status_code == 403
