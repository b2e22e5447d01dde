"""Editors: one claim page with everything, desks with defaults, per-article settings, bulk actions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Assignment, AuditAction, AuditEvent, Claim, ClaimStatus, Desk, Notification
from reviews.services.articles import article_ingest, desk_save
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import verdict_record
from tests.conftest import SAMPLE
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory, verdict_extras

pytestmark = pytest.mark.django_db


def _disputed(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2, cleaned_text="Before. The claim. After."))
    Claim.objects.filter(pk=claim.pk).update(text="The claim.", start=8, end=18)
    for who, verdict in ((reviewer, "supported"), (reviewer2, "needs_source")):
        held = claim_assign_next(reviewer=who)
        extras = verdict_extras(verdict)
        if verdict == "needs_source":
            extras = {"missing_source_kinds": ["data_set"], "missing_source_note": "the council's own figures"}
        verdict_record(assignment_id=held.pk, reviewer=who, verdict=verdict, note=f"{who.username} says", **extras)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED
    return claim


def test_the_editor_claim_page_has_everything(client, editor, reviewer, reviewer2, django_assert_max_num_queries):
    claim = _disputed(reviewer, reviewer2)
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        html = client.get(reverse("editor-claim", args=[claim.pk])).content.decode()
    assert '<span class="muted">Before. </span>' in html  # the claim in its context
    assert "rita says" in html and "rob says" in html and "Official record" in html  # every verdict, evidence
    assert "Missing: Data set — the council&#x27;s own figures" in html  # what source is missing
    assert "Precedents" in html and "Corrections (0)" in html and "History" in html
    assert f'action="/editor/claims/{claim.pk}/act/decide/"' in html  # act right there
    assert f'name="next" value="/editor/claims/{claim.pk}/"' in html


def test_the_adjudication_card_and_history_page_show_the_missing_source(client, editor, reviewer, reviewer2):
    claim = _disputed(reviewer, reviewer2)
    client.force_login(editor)
    card = client.get(reverse("editor-adjudication")).content.decode()
    assert "Data set — the council&#x27;s own figures" in card
    assert f'href="/editor/claims/{claim.pk}/"' in card
    history = client.get(reverse("claim-history", args=[claim.pk])).content.decode()
    assert "Missing: Data set — the council&#x27;s own figures" in history


def test_notifications_link_to_their_claim(client, reviewer):
    claim = ClaimFactory()
    ReviewFactory(claim=claim, reviewer=reviewer)
    Notification.objects.create(recipient=reviewer, subject="Overruled", claim=claim)
    client.force_login(reviewer)
    html = client.get(reverse("notifications")).content.decode()
    assert f'href="/claims/{claim.pk}/history/" class="notification-claim"' in html
    assert client.get(f"/claims/{claim.pk}/history/").status_code == 200


def test_desks_are_records_whose_defaults_new_articles_take(client, editor, sample_text):
    client.force_login(editor)
    response = client.post(
        reverse("editor-desks"), {"name": "World", "default_required_reviews": 2, "default_priority": 5}
    )
    assert response.status_code == 302
    desk = Desk.objects.get(name="World")
    assert (desk.default_required_reviews, desk.default_priority) == (2, 5)
    assert AuditEvent.objects.filter(action=AuditAction.DESK_SAVED, actor=editor).exists()
    article = article_ingest(raw_text=sample_text, user=editor, desk="World").article
    assert (article.required_reviews, article.priority) == (2, 5)
    assert set(article.claims.values_list("required_reviews", flat=True)) == {2}
    other = article_ingest(raw_text=sample_text + "\nThe end came in 2024.", user=editor, desk="Sport").article
    assert other.required_reviews == 1
    page = client.get(reverse("editor-desks")).content.decode()
    assert "World" in page and "Sport" in page  # an article's desk without a record is listed too
    assert client.post(reverse("editor-desks"), {"name": "X", "default_required_reviews": 4}).status_code == 400


def test_review_settings_from_the_article_page(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    page = client.get(reverse("editor-article", args=[claim.article_id])).content.decode()
    assert 'id="review-settings"' in page and 'name="required_reviews"' in page
    response = client.post(
        reverse("editor-article-review-settings", args=[claim.article_id]),
        {"form": "settings", "priority": 0, "required_reviews": 3, "next": f"/editor/articles/{claim.article_id}/"},
    )
    assert response["Location"] == f"/editor/articles/{claim.article_id}/"
    claim.refresh_from_db()
    assert claim.required_reviews == 3


def test_bulk_actions_from_the_claims_list(client, editor, reviewer):
    pending = [ClaimFactory(score=0.5) for _ in range(3)]
    final = ClaimFactory(status=ClaimStatus.SUPPORTED)
    client.force_login(editor)
    page = client.get(reverse("editor-claims")).content.decode()
    assert f'name="claims" value="{pending[0].pk}"' in page
    ids = [claim.pk for claim in pending]
    client.post(
        reverse("editor-claims-bulk"), {"claims": ids, "action": "prioritise", "priority": 7, "reason": "urgent"}
    )
    assert set(Claim.objects.filter(pk__in=ids).values_list("priority", flat=True)) == {7}
    assert AuditEvent.objects.filter(action=AuditAction.CLAIM_PRIORITISED).count() == 3
    when = timezone.now().replace(microsecond=0, second=0) + timezone.timedelta(days=1)
    client.post(
        reverse("editor-claims-bulk"),
        {"claims": ids[:2], "action": "deadline", "deadline": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")},
    )
    assert set(Claim.objects.filter(pk__in=ids[:2]).values_list("deadline", flat=True)) == {when}
    response = client.post(
        reverse("editor-claims-bulk"),
        {"claims": [pending[0].pk, final.pk], "action": "reopen", "reason": "new facts"},
        follow=True,
    )
    html = response.content.decode()
    assert "1 claim(s) done" in html and f"#{pending[0].pk}:" in html  # a pending claim cannot be reopened
    assert Claim.objects.get(pk=final.pk).status == ClaimStatus.PENDING
    client.post(reverse("editor-claims-bulk"), {"claims": ids, "action": "assign", "reviewer": reviewer.pk})
    assert Assignment.objects.filter(reviewer=reviewer, state="active").count() == 3


def test_the_demo_desk_asks_two_reviews_per_claim(editor):
    from django.core.management import call_command

    desk_save(editor=editor, name="Business", default_required_reviews=1)
    call_command("seed_demo", sample=SAMPLE, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Desk.objects.get(name="World").default_required_reviews == 2
    article = Claim.objects.filter(article__desk="World").first()
    assert article is not None and article.required_reviews == 2
