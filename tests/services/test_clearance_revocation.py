"""Clearance follows later changes: reopen, re-review due, a new version, a claim added, split or re-worded
revoke it (audited, the editor who cleared it is notified). Changes that leave the decisions standing do not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.exceptions import ArticleNotReady
from reviews.models import Article, AuditEvent, Notification
from reviews.services.adjudication import claim_prioritise, claim_reopen
from reviews.services.articles import article_ingest
from reviews.services.clearance import article_clear
from reviews.services.corrections import claim_add_missed, claim_edit_text, claim_split
from reviews.services.shelf_life import claims_return_due_rereviews
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.services.test_versions import URL, V1, V2

pytestmark = pytest.mark.django_db


@pytest.fixture
def clearer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="clara", email="clara@example.org", roles=["editor"])


@pytest.fixture
def cleared(clearer):  # type: ignore[no-untyped-def]
    article = ArticleFactory(cleaned_text="The council spent 12 million dollars. The mayor said so on Monday.")
    ClaimFactory(article=article, position=0, status="supported", start=0, end=37, text=article.cleaned_text[:37])
    article_clear(article_id=article.pk, user=clearer)
    return Article.objects.get(pk=article.pk)


def _assert_revoked(article: Article, *, cause: str, clearer, actor, was: str = "cleared") -> AuditEvent:  # type: ignore[no-untyped-def]
    article.refresh_from_db()
    assert (article.cleared_at, article.cleared_by, article.clearance_override_reason) == (None, None, "")
    assert article.clearance.state == "not_cleared"
    event = AuditEvent.objects.get(article=article, action="clearance_revoked")
    assert (event.before, event.after, event.actor, event.data["cause"]) == (was, "not_cleared", actor, cause)
    assert event.data["cleared_by"] == clearer.username
    notice = Notification.objects.get(recipient=clearer, kind="clearance_revoked")
    assert f"article #{article.pk}" in notice.subject
    return event


def test_reopening_a_claim_revokes_the_clearance_and_tells_who_cleared_it(cleared, clearer, editor):
    claim = cleared.claims.get()
    claim_reopen(claim_id=claim.pk, editor=editor, reason="new evidence came in")
    event = _assert_revoked(cleared, cause="claim_reopened", clearer=clearer, actor=editor)
    assert event.claim_id == claim.pk and "new evidence came in" in event.reason
    with pytest.raises(ArticleNotReady):  # the reopened claim blocks a new clearance
        article_clear(article_id=cleared.pk, user=editor)


def test_a_re_review_coming_due_revokes_the_clearance(cleared, clearer):
    claim = cleared.claims.get()
    day = timezone.localdate() + timedelta(days=7)
    type(claim).objects.filter(pk=claim.pk).update(rereview_on=day, finalised_at=timezone.now())
    assert claims_return_due_rereviews(today=day) == [claim.pk]
    _assert_revoked(cleared, cause="rereview_due", clearer=clearer, actor=None)


def test_a_new_version_revokes_the_old_versions_clearance(clearer, editor):
    v1 = article_ingest(raw_text=V1, user=editor, source_url=URL).article
    article_clear(article_id=v1.pk, user=clearer, override_reason="deadline; legal signed off")
    v2 = article_ingest(raw_text=V2, user=editor, source_url=URL).article
    event = AuditEvent.objects.get(article=v1, action="clearance_revoked")
    assert event.before == "cleared_with_override" and event.data["override_reason"] == "deadline; legal signed off"
    assert f"article #{v2.pk}" in event.reason
    _assert_revoked(v1, cause="new_version", clearer=clearer, actor=editor, was="cleared_with_override")
    assert not Article.objects.get(pk=v2.pk).is_cleared


def test_a_claim_added_to_a_cleared_article_revokes_it(cleared, clearer, editor):
    start = cleared.cleaned_text.index("The mayor")
    claim_add_missed(
        article_id=cleared.pk,
        editor=editor,
        start=start,
        end=len(cleared.cleaned_text),
        suggested_status="needs_source",
        reason="missed attribution",
    )
    _assert_revoked(cleared, cause="claim_added", clearer=clearer, actor=editor)


def test_splitting_or_rewording_a_claim_revokes_it(cleared, clearer, editor, admin_user):
    claim = cleared.claims.get()
    claim_split(claim_id=claim.pk, editor=editor, split_at=17, reason="two facts")
    _assert_revoked(cleared, cause="claim_split", clearer=clearer, actor=editor)

    other = ArticleFactory()
    worded = ClaimFactory(article=other, status="supported")
    article_clear(article_id=other.pk, user=admin_user)
    claim_edit_text(claim_id=worded.pk, editor=editor, text=worded.text + " Really.", reason="fix cut")
    other.refresh_from_db()
    assert not other.is_cleared
    assert AuditEvent.objects.get(article=other, action="clearance_revoked").data["cause"] == "claim_text_edited"


def test_changes_that_leave_the_decisions_standing_keep_the_clearance(cleared, editor):
    claim = cleared.claims.get()
    claim_prioritise(claim_id=claim.pk, editor=editor, priority=5)
    cleared.refresh_from_db()
    assert cleared.is_cleared
    # An article that was never cleared: reopening revokes nothing and notifies nobody.
    plain = ClaimFactory(status="supported")
    claim_reopen(claim_id=plain.pk, editor=editor, reason="check again")
    assert not AuditEvent.objects.filter(action="clearance_revoked").exists()
    assert not Notification.objects.filter(kind="clearance_revoked").exists()
