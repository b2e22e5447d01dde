"""The audit trail cannot be rewritten: the database refuses UPDATE and DELETE of its rows (PostgreSQL),
its foreign keys PROTECT, and deleting an article by any path is refused with its history intact."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from reviews.db_audit import TRIGGER
from reviews.exceptions import InvalidInput, NotAllowed
from reviews.models import Article, AuditEvent, Claim
from reviews.services.adjudication import article_set_review_settings, claim_prioritise
from reviews.services.article_edits import article_update_metadata
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is installed on PostgreSQL only"
)


@pytest.fixture
def history(sample_article):  # type: ignore[no-untyped-def]
    """The sample article, ingested through the service: it has claims and an ingest event."""
    claim = sample_article.claims.order_by("position").first()
    return sample_article, claim


def _snapshot(article: Article) -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.filter(article_id=article.pk).order_by("pk").values_list("pk", "action", "before", "after")
    )


@postgresql_only
def test_the_database_refuses_update_and_delete_of_audit_rows(history, editor):
    article, claim = history
    claim_prioritise(claim_id=claim.pk, editor=editor, priority=2)
    before = _snapshot(article)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgenabled <> 'D'", [TRIGGER])
        assert cursor.fetchone() == (1,)
        for statement in (
            "UPDATE reviews_auditevent SET reason = 'rewritten'",
            "UPDATE reviews_auditevent SET actor_id = NULL WHERE actor_id IS NOT NULL",
            "DELETE FROM reviews_auditevent",
        ):
            with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
                cursor.execute(statement)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(article=article)._raw_delete(connection.alias)  # skips the model's guard
    assert _snapshot(article) == before
    AuditEvent.objects.create(action="report_requested", article=article)  # appending is allowed
    assert len(_snapshot(article)) == len(before) + 1


def test_the_model_refuses_updates_and_deletes(history):
    article, _claim = history
    event = AuditEvent.objects.filter(article=article).first()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        event.delete()
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()


def test_deleting_an_article_through_the_orm_is_refused_and_history_stays(history):
    article, claim = history
    before = _snapshot(article)
    assert before, "the ingest wrote history"
    with pytest.raises(ProtectedError), transaction.atomic():
        Article.objects.get(pk=article.pk).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Article.objects.filter(pk=article.pk).delete()
    claim_prioritise(claim_id=claim.pk, editor=article.ingested_by, priority=1)
    with pytest.raises(ProtectedError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).delete()
    assert Article.objects.filter(pk=article.pk).exists() and Claim.objects.filter(pk=claim.pk).exists()
    assert _snapshot(article)[: len(before)] == before


@postgresql_only
def test_deleting_an_article_with_raw_sql_is_refused_by_the_database(editor):
    bare = ArticleFactory()  # no claims: only the audit trail refers to it
    article_update_metadata(article_id=bare.pk, editor=editor, title="Renamed")
    before = _snapshot(bare)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's foreign keys are deferred to commit
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute("DELETE FROM reviews_article WHERE id = %s", [bare.pk])
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert Article.objects.filter(pk=bare.pk).exists() and _snapshot(bare) == before


def test_deleting_an_article_in_the_admin_is_refused(client, admin_user, history):
    article, _claim = history
    before = _snapshot(article)
    client.force_login(admin_user)
    assert client.post(reverse("admin:reviews_article_delete", args=[article.pk]), {"post": "yes"}).status_code == 403
    changelist = client.post(
        reverse("admin:reviews_article_changelist"), {"action": "delete_selected", "_selected_action": [article.pk]}
    )
    assert changelist.status_code in (200, 302)
    assert Article.objects.filter(pk=article.pk).exists() and _snapshot(article) == before


def test_before_and_after_are_stored_whole(editor):
    article = ArticleFactory(title="Short")
    long_title = "A title well over forty characters long, kept whole in the audit trail " * 3
    article_update_metadata(article_id=article.pk, editor=editor, title=long_title)
    event = AuditEvent.objects.get(action="article_metadata_changed")
    assert event.before == '{"title": "Short"}'
    assert long_title.strip() in event.after and len(event.after) > 200


def test_metadata_changes_are_audited_and_checked(editor, reviewer):
    article = ArticleFactory(title="Old", desk="World", source_url="")
    article_update_metadata(
        article_id=article.pk,
        editor=editor,
        title="New",
        desk="World",
        source_url="https://news.example.org/a",
        reason="typo",
    )
    event = AuditEvent.objects.get(action="article_metadata_changed")
    assert (event.actor, event.reason, event.data["fields"]) == (editor, "typo", ["source_url", "title"])
    assert event.before == '{"source_url": "", "title": "Old"}'
    assert event.after == '{"source_url": "https://news.example.org/a", "title": "New"}'
    article_update_metadata(article_id=article.pk, editor=editor, title="New")  # unchanged: nothing written
    assert AuditEvent.objects.filter(action="article_metadata_changed").count() == 1
    with pytest.raises(NotAllowed):
        article_update_metadata(article_id=article.pk, editor=reviewer, title="Sneaky")
    with pytest.raises(InvalidInput):
        article_update_metadata(article_id=article.pk, editor=editor, source_url="javascript:alert(1)")
    with pytest.raises(InvalidInput):
        article_update_metadata(article_id=article.pk, editor=editor, title="   ")
    assert Article.objects.get(pk=article.pk).title == "New"


def test_review_settings_record_before_and_after(editor):
    article = ArticleFactory(priority=0, required_reviews=1)
    article_set_review_settings(article_id=article.pk, editor=editor, priority=3, required_reviews=2)
    event = AuditEvent.objects.get(action="article_review_settings")
    assert (event.before, event.after) == (
        '{"priority": 0, "required_reviews": 1}',
        '{"priority": 3, "required_reviews": 2}',
    )


def test_title_desk_and_source_url_changed_in_the_admin_are_audited(client, editor):
    article = ArticleFactory(title="Before", desk="World", source_url="")
    claim = ClaimFactory(article=article)
    client.force_login(editor)
    url = reverse("admin:reviews_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update({"title": "After", "desk": "City", "source_url": "https://news.example.org/after"})
    data.update({"deadline_0": "", "deadline_1": ""})
    data.update(
        {"claims-TOTAL_FORMS": 1, "claims-INITIAL_FORMS": 1, "claims-0-id": claim.pk, "claims-0-article": article.pk}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.desk, article.source_url) == ("After", "City", "https://news.example.org/after")
    event = AuditEvent.objects.get(action="article_metadata_changed", article=article)
    assert event.actor == editor and event.reason == "changed in the admin"
    assert '"title": "Before"' in event.before and '"desk": "City"' in event.after


def test_webhook_endpoints_changed_or_deleted_in_the_admin_are_audited(client, editor, admin_user):
    from reviews.models import WebhookEndpoint
    from reviews.services.webhooks import webhook_endpoint_create

    endpoint = webhook_endpoint_create(user=editor, url="https://hooks.example.org/hook", events=["report.ready"])
    client.force_login(editor)
    url = reverse("admin:reviews_webhookendpoint_change", args=[endpoint.pk])
    response = client.post(url, {"description": "paused for maintenance", "is_active": ""})
    assert response.status_code == 302
    assert not WebhookEndpoint.objects.get(pk=endpoint.pk).is_active
    changed = AuditEvent.objects.filter(action="webhook_changed").latest("pk")
    assert '"active": true' in changed.before and '"active": false' in changed.after
    client.force_login(admin_user)
    delete = client.post(reverse("admin:reviews_webhookendpoint_delete", args=[endpoint.pk]), {"post": "yes"})
    assert delete.status_code == 302 and not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    deleted = AuditEvent.objects.filter(action="webhook_changed").latest("pk")
    assert (deleted.actor, deleted.after) == (admin_user, "deleted") and "hooks.example.org/hook" in deleted.before


@postgresql_only
def test_the_database_keeps_articles_claims_and_the_stored_text(editor):
    """Even an article or claim with no audit event yet (a claim never leased) is not deleted, and the text
    that was reviewed cannot be swapped underneath its decisions."""
    article = ArticleFactory(cleaned_text="The council spent 12 million dollars.")
    quiet = ClaimFactory(article=article)  # no audit event refers to it
    assert not AuditEvent.objects.filter(claim=quiet).exists()
    with pytest.raises(IntegrityError, match="History is kept"), transaction.atomic():
        Claim.objects.filter(pk=quiet.pk).delete()
    with connection.cursor() as cursor:
        with pytest.raises(IntegrityError, match="History is kept"), transaction.atomic():
            cursor.execute("DELETE FROM reviews_claim WHERE id = %s", [quiet.pk])
        with pytest.raises(IntegrityError, match="History is kept"), transaction.atomic():
            cursor.execute("UPDATE reviews_article SET cleaned_text = 'Swapped.' WHERE id = %s", [article.pk])
    with pytest.raises(IntegrityError, match="History is kept"), transaction.atomic():
        ArticleFactory().delete()
    # Allowed: other columns change, and saving the same text again is not a change.
    Article.objects.filter(pk=article.pk).update(title="Renamed", cleaned_text=article.cleaned_text)
    assert Article.objects.get(pk=article.pk).cleaned_text == "The council spent 12 million dollars."
    extracting = ArticleFactory(cleaned_text="")  # an extraction finishing later fills it in, once
    Article.objects.filter(pk=extracting.pk).update(cleaned_text="Filled in.")
    with pytest.raises(IntegrityError, match="History is kept"), transaction.atomic():
        Article.objects.filter(pk=extracting.pk).update(cleaned_text="Swapped.")
    assert Claim.objects.filter(pk=quiet.pk).exists()
