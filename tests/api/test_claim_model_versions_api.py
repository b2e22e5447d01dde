"""Gap 4: the model versions that scored each claim, read-only in the claim API and on the editor's article page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.models import Claim, ModelKind, ModelState, ModelVersion
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _ref(version: ModelVersion) -> dict[str, object]:
    return {"id": version.pk, "name": version.name, "kind": version.kind, "state": version.state}


def test_every_claim_names_the_versions_that_scored_it(editor, sample_article, django_assert_max_num_queries):
    claim = sample_article.claims.order_by("position").first()
    checkworthiness = ModelVersion.objects.get(kind=ModelKind.CHECKWORTHINESS, state=ModelState.ACTIVE)
    status = ModelVersion.objects.get(kind=ModelKind.STATUS, state=ModelState.ACTIVE)
    assert (claim.checkworthiness_model, claim.status_model) == (checkworthiness, status)
    added = ClaimFactory(article=sample_article, position=999)  # an editor's claim: no model scored it
    api = APIClient()
    api.force_authenticate(editor)
    with django_assert_max_num_queries(7):  # one read of the versions per response, whatever the number of claims
        listed = {row["id"]: row for row in api.get("/api/v1/claims/", {"page_size": 100}).json()["results"]}
    assert len(listed) == sample_article.claims.count() >= 10
    assert listed[claim.pk]["checkworthiness_model"] == _ref(checkworthiness)
    assert listed[claim.pk]["status_model"] == _ref(status)
    assert listed[added.pk]["checkworthiness_model"] is None and listed[added.pk]["status_model"] is None
    detail = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["checkworthiness_model"]["name"] == checkworthiness.name == "shipped"
    in_article = api.get(f"/api/v1/articles/{sample_article.pk}/").json()["claims"]
    assert {row["id"]: row["status_model"] for row in in_article}[claim.pk] == _ref(status)


def test_a_claim_keeps_the_version_that_scored_it_after_another_is_promoted(editor, sample_article):
    claim = sample_article.claims.first()
    old = claim.checkworthiness_model
    ModelVersion.objects.filter(pk=old.pk).update(state=ModelState.RETIRED)
    api = APIClient()
    api.force_authenticate(editor)
    body = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["checkworthiness_model"] == {"id": old.pk, "name": old.name, "kind": old.kind, "state": "retired"}


def test_the_versions_are_read_only_and_in_the_schema(editor, sample_article):
    api = APIClient()
    api.force_authenticate(editor)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    claim = schema["components"]["schemas"]["Claim"]["properties"]
    for field in ("checkworthiness_model", "status_model"):
        assert claim[field]["readOnly"] is True
        assert claim[field]["nullable"] is True
    ref = schema["components"]["schemas"]["ModelVersionRef"]["properties"]
    assert set(ref) == {"id", "name", "kind", "state"}


def test_the_editors_article_page_shows_which_versions_scored_each_claim(
    client, editor, sample_article, django_assert_max_num_queries
):
    claim = sample_article.claims.order_by("position").first()
    added = ClaimFactory(article=sample_article, position=999)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("editor-article", args=[sample_article.pk])).content.decode()
    assert "<th>Scored by</th>" in page
    row = page.split(f'id="claim-{claim.pk}"', 1)[1].split("</tr>", 1)[0]
    # One short line: the name once (both versions are "shipped"); kinds and ids in its title and when opened.
    summary = row.split("<summary", 1)[1].split("</summary>", 1)[0]
    title = f"check-worthiness shipped #{claim.checkworthiness_model_id}, status shipped #{claim.status_model_id}"
    assert summary == f' title="{title}">shipped'
    details = row.split("</summary>", 1)[1].split("</details>", 1)[0]
    assert f'check-worthiness shipped <span class="muted">#{claim.checkworthiness_model_id}</span>' in details
    assert f'status shipped <span class="muted">#{claim.status_model_id}</span>' in details
    assert "added by an editor" in page.split(f'id="claim-{added.pk}"', 1)[1].split("</tr>", 1)[0]
    assert Claim.objects.filter(article=sample_article, checkworthiness_model=None).count() == 1


def test_versions_with_different_names_are_both_in_the_short_line(client, editor, sample_article):
    claim = sample_article.claims.order_by("position").first()
    ModelVersion.objects.filter(pk=claim.checkworthiness_model_id).update(name="checkworthiness-3")
    ModelVersion.objects.filter(pk=claim.status_model_id).update(name="status-2")
    other = ClaimFactory(article=sample_article, position=998, status_model=ModelVersion.objects.get(name="status-2"))
    client.force_login(editor)
    page = client.get(reverse("editor-article", args=[sample_article.pk])).content.decode()

    def summary(claim_id: int) -> str:
        row = page.split(f'id="claim-{claim_id}"', 1)[1].split("</tr>", 1)[0]
        return row.split("<summary", 1)[1].split("</summary>", 1)[0].split(">", 1)[1]

    assert summary(claim.pk) == "checkworthiness-3 · status-2"
    assert summary(other.pk) == "status-2"  # scored by one model only: no separator, no empty name
