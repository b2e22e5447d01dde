"""Shelf-life and recusals as reviewers and editors see them in the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Claim, Recusal
from reviews.services.recusals import recusal_declare
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_editor_sets_a_re_review_date_from_the_article_page(client, editor):
    claim = ClaimFactory(status="supported")
    client.force_login(editor)
    page = client.get(reverse("editor-article", args=[claim.article_id]))
    assert f'id="rereview-{claim.pk}"'.encode() in page.content
    when = timezone.localdate() + timedelta(days=14)
    response = client.post(
        reverse("claim-rereview", args=[claim.pk]),
        {"rereview_on": when.isoformat(), "next": reverse("editor-article", args=[claim.article_id])},
        follow=True,
    )
    assert f"re-review on {when.isoformat()}".encode() in response.content
    assert Claim.objects.get(pk=claim.pk).rereview_on == when


def test_a_reviewer_who_did_not_review_the_claim_cannot_set_its_date(client, reviewer):
    claim = ClaimFactory(status="supported")
    client.force_login(reviewer)
    when = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(reverse("claim-rereview", args=[claim.pk]), {"rereview_on": when}, follow=True)
    assert b"Only an editor or a reviewer of this claim" in response.content
    assert Claim.objects.get(pk=claim.pk).rereview_on is None


def test_reviewer_declares_and_withdraws_a_recusal(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("review-recusals"), {"kind": "organisation", "term": "Acme Holdings"})
    assert response.status_code == 302
    recusal = Recusal.objects.get()
    page = client.get(reverse("review-recusals"))
    assert b"Acme Holdings" in page.content
    refused = client.post(reverse("review-recusals"), {"kind": "organisation", "term": "Acme Holdings"})
    assert refused.status_code == 400 and b"already recused" in refused.content
    client.post(reverse("recusal-withdraw", args=[recusal.pk]))
    assert not Recusal.objects.exists()


def test_a_reviewer_cannot_withdraw_someone_elses_recusal(client, reviewer, reviewer2, editor):
    recusal = recusal_declare(user=editor, reviewer_id=reviewer2.pk, kind="topic", term="Sport")
    client.force_login(reviewer)
    response = client.post(reverse("recusal-withdraw", args=[recusal.pk]), follow=True)
    assert b"Only the reviewer themselves or an editor" in response.content
    assert Recusal.objects.filter(pk=recusal.pk).exists()


def test_editor_sees_claims_blocked_by_recusals_and_recuses_a_reviewer(
    client, editor, reviewer, reviewer2, django_assert_max_num_queries
):
    stuck = ClaimFactory(article=ArticleFactory(desk="Sport"), text="The club signed 3 players.")
    for user in (reviewer, reviewer2):
        recusal_declare(user=user, reviewer_id=user.pk, kind="topic", term="sport")
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("editor-recusals"))
    assert b"everyone eligible is recused (1)" in page.content and b"The club signed 3 players." in page.content
    assert f"#claim-{stuck.pk}".encode() in page.content
    response = client.post(
        reverse("editor-recusals"), {"reviewer": reviewer.pk, "kind": "person", "term": "Jane Roe", "reason": "sister"}
    )
    assert response.status_code == 302
    assert Recusal.objects.get(term="Jane Roe").declared_by == editor
