from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reviews.models import AuditEvent, ClaimStatus
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import EvidenceInput, verdict_record
from tests.factories import ArticleFactory, ClaimFactory, verdict_extras

pytestmark = pytest.mark.django_db


def _api(user=None):  # type: ignore[no-untyped-def]
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def disputed(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    for user, verdict in ((reviewer, "supported"), (reviewer2, "needs_source")):
        held = claim_assign_next(reviewer=user)
        verdict_record(
            assignment_id=held.pk,
            reviewer=user,
            verdict=verdict,
            note=f"{user.username} thinks {verdict}",
            evidence=[EvidenceInput(url="https://example.org/src", title="src")],
            missing_source_kinds=["document"] if verdict == "needs_source" else None,
        )
    return claim


def test_roles_on_the_adjudication_queue(disputed, reviewer, outsider):
    assert _api().get("/api/v1/adjudication/").status_code == 401
    assert _api(reviewer).get("/api/v1/adjudication/").status_code == 403
    assert _api(outsider).get("/api/v1/adjudication/").status_code == 403
    body = {"status": "supported", "reason": "I say so"}
    assert _api(reviewer).post(f"/api/v1/adjudication/{disputed.pk}/decide/", body, format="json").status_code == 403
    disputed.refresh_from_db()
    assert disputed.status == ClaimStatus.DISPUTED


def test_editor_sees_all_verdicts_and_decides(disputed, editor, django_assert_max_num_queries):
    ClaimFactory.create_batch(3, status=ClaimStatus.DISPUTED)
    api = _api(editor)
    with django_assert_max_num_queries(8):
        listing = api.get("/api/v1/adjudication/")
    assert listing.status_code == 200
    row = next(item for item in listing.json()["results"] if item["id"] == disputed.pk)
    assert {(r["reviewer"], r["verdict"]) for r in row["reviews"]} == {("rita", "supported"), ("rob", "needs_source")}
    assert row["reviews"][0]["evidence"][0]["url"] == "https://example.org/src"
    assert (
        api.post(f"/api/v1/adjudication/{disputed.pk}/decide/", {"status": "supported"}, format="json").status_code
        == 400
    )
    decided = api.post(
        f"/api/v1/adjudication/{disputed.pk}/decide/", {"status": "supported", "reason": "named"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "supported"
    again = api.post(
        f"/api/v1/adjudication/{disputed.pk}/decide/", {"status": "supported", "reason": "x"}, format="json"
    )
    assert again.status_code == 409
    assert (
        api.post(
            "/api/v1/adjudication/999999/decide/", {"status": "supported", "reason": "x"}, format="json"
        ).status_code
        == 404
    )


def test_editor_reopens_overrides_prioritises_and_reassigns(editor, reviewer, reviewer2):
    claim = ClaimFactory()
    api = _api(editor)
    assert api.post(f"/api/v1/adjudication/{claim.pk}/reopen/", {"reason": "x"}, format="json").status_code == 409
    assert (
        api.post(f"/api/v1/adjudication/{claim.pk}/prioritise/", {"priority": 9}, format="json").json()["priority"] == 9
    )
    held = claim_assign_next(reviewer=reviewer)
    revoked = api.post("/api/v1/adjudication/revoke/", {"assignment": held.pk, "reason": "rita is away"}, format="json")
    assert revoked.status_code == 200 and revoked.json()["state"] == "released"
    handed = api.post(f"/api/v1/adjudication/{claim.pk}/hand/", {"reviewer": reviewer2.pk}, format="json")
    assert handed.status_code == 201
    assert (
        api.post(f"/api/v1/adjudication/{claim.pk}/hand/", {"reviewer": reviewer.pk}, format="json").status_code == 409
    )
    overridden = api.post(
        f"/api/v1/adjudication/{claim.pk}/override/", {"status": "needs_source", "reason": "obvious"}, format="json"
    )
    assert overridden.json()["status"] == "needs_source"
    reopened = api.post(f"/api/v1/adjudication/{claim.pk}/reopen/", {"reason": "new facts"}, format="json")
    assert reopened.json()["status"] == "pending"
    actions = set(AuditEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert {"claim_prioritised", "lease_revoked", "claim_handed", "status_overridden", "claim_reopened"} <= actions


def test_corrections_and_article_settings_through_the_api(editor, reviewer):
    article = ArticleFactory(cleaned_text="One fact here. Another fact there, and a third.")
    claim = ClaimFactory(article=article, position=0, text="One fact here.", start=0, end=14)
    api = _api(editor)
    edited = api.post(
        f"/api/v1/adjudication/{claim.pk}/edit-text/", {"text": "One fact.", "reason": "trim"}, format="json"
    )
    assert edited.json()["text"] == "One fact."
    added = api.post(
        "/api/v1/adjudication/add-claim/",
        {"article": article.pk, "start": 15, "end": 47, "suggested_status": "needs_source", "reason": "missed"},
        format="json",
    )
    assert added.status_code == 201, added.content
    split = api.post(
        f"/api/v1/adjudication/{added.json()['id']}/split/", {"split_at": 19, "reason": "two"}, format="json"
    )
    assert [part["text"] for part in split.json()["parts"]] == ["Another fact there,", "and a third."]
    settings = api.post(
        "/api/v1/adjudication/article-settings/",
        {"article": article.pk, "required_reviews": 3, "priority": 4},
        format="json",
    )
    assert settings.json()["required_reviews"] == 3
    assert (
        _api(reviewer)
        .post("/api/v1/adjudication/article-settings/", {"article": article.pk}, format="json")
        .status_code
        == 403
    )


def test_flag_resolution_and_agreement(editor, reviewer, disputed):
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    _api(reviewer).post(f"/api/v1/queue/{held.pk}/not-a-claim/", {"reason": "heading"}, format="json")
    api = _api(editor)
    listing = api.get("/api/v1/adjudication/").json()["results"]
    flagged = next(item for item in listing if item["status"] == "flagged")
    assert flagged["flags"][0]["reason"] == "heading"
    resolved = api.post(
        f"/api/v1/adjudication/{held.claim_id}/resolve-flag/", {"confirm": True, "reason": "yes"}, format="json"
    )
    assert resolved.json()["status"] == "not_a_claim"
    agreement = api.get("/api/v1/adjudication/agreement/").json()
    assert agreement["claims"] == {"claims": 1, "unanimous": 0, "rate": 0.0}
    assert agreement["pairs"][0]["shared_claims"] == 1


def test_claim_history_is_blind_until_the_reviewer_has_reviewed(reviewer, reviewer2, editor):
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    rita = claim_assign_next(reviewer=reviewer)
    claim_assign_next(reviewer=reviewer2)
    verdict_record(assignment_id=rita.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported"))
    assert _api(reviewer2).get(f"/api/v1/claim-history/{claim.pk}/").status_code == 404  # holds it, not reviewed
    mine = _api(reviewer).get(f"/api/v1/claim-history/{claim.pk}/")
    assert mine.status_code == 200
    assert [event["action"] for event in mine.json()["history"]][:2] == ["claim_leased", "claim_leased"]
    assert _api(editor).get(f"/api/v1/claim-history/{claim.pk}/").status_code == 200
    assert _api().get(f"/api/v1/claim-history/{claim.pk}/").status_code == 401


def test_history_cannot_be_edited_or_deleted_through_the_api(editor, disputed):
    for method in ("put", "patch", "delete"):
        response = getattr(_api(editor), method)(f"/api/v1/claim-history/{disputed.pk}/", {}, format="json")
        assert response.status_code == 405
    assert _api(editor).delete(f"/api/v1/adjudication/{disputed.pk}/").status_code in (404, 405)
