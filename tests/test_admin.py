from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import DeliveryState, WebhookDelivery, WebhookEvent
from reviews.services.webhooks import webhook_emit, webhook_endpoint_create
from tests.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


def test_editor_retries_failed_webhook_deliveries_from_the_admin(client, editor, django_capture_on_commit_callbacks):
    webhook_endpoint_create(user=editor, url="https://hooks.example.org/hook", events=["report.ready"])
    failed, in_flight = (webhook_emit(event=WebhookEvent.REPORT_READY, payload={"n": n})[0] for n in range(2))
    WebhookDelivery.objects.filter(pk=failed.pk).update(state=DeliveryState.FAILED)
    client.force_login(editor)
    changelist = reverse("admin:reviews_webhookdelivery_changelist")
    assert client.get(changelist).status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            changelist, {"action": "retry_deliveries", "_selected_action": [failed.pk, in_flight.pk]}, follow=True
        )
    assert b"1 deliveries queued again" in response.content and b"still being attempted" in response.content
    assert WebhookDelivery.objects.get(pk=failed.pk).state == DeliveryState.PENDING
    assert len(callbacks) == 1
    assert client.get(reverse("admin:reviews_webhookendpoint_changelist")).status_code == 200


def test_editor_bulk_sets_priority_reopens_and_assigns_claims_from_the_admin(client, editor, reviewer):
    from reviews.models import AuditEvent, Claim, ClaimStatus
    from tests.factories import ClaimFactory

    pending = ClaimFactory()
    decided = ClaimFactory(status=ClaimStatus.SUPPORTED)
    client.force_login(editor)
    changelist = reverse("admin:reviews_claim_changelist")
    page = client.get(changelist, {"status__exact": "pending", "q": pending.text[:20]})
    assert page.status_code == 200 and b"Set priority of the selected claims" in page.content

    def act(action, ids, **extra):  # type: ignore[no-untyped-def]
        data = {"action": action, "_selected_action": ids, "priority": "", "reviewer": "", "reason": "", **extra}
        return client.post(changelist, data, follow=True)

    assert b"2 claim(s) set to priority 7" in act("set_priority", [pending.pk, decided.pk], priority="7").content
    assert b"Enter a priority" in act("set_priority", [pending.pk], priority="").content
    response = act("reopen", [pending.pk, decided.pk], reason="new facts")
    assert b"1 claim(s) reopened" in response.content and b"Refused" in response.content
    assert b"2 claim(s) handed to rita" in act("assign_to_reviewer", [pending.pk, decided.pk], reviewer="rita").content
    assert b"No reviewer called" in act("assign_to_reviewer", [pending.pk], reviewer="edna").content
    assert set(Claim.objects.values_list("priority", flat=True)) == {7}
    assert Claim.objects.get(pk=decided.pk).status == ClaimStatus.PENDING
    assert AuditEvent.objects.filter(action="claim_handed", actor=editor).count() == 2


def test_history_and_corrections_are_read_only_in_the_admin(client, editor, admin_user):
    from reviews.models import AuditEvent
    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    from reviews.services.adjudication import claim_prioritise

    claim_prioritise(claim_id=claim.pk, editor=editor, priority=3)
    event = AuditEvent.objects.get(claim=claim)
    for user in (editor, admin_user):
        client.force_login(user)
        assert client.get(reverse("admin:reviews_auditevent_changelist")).status_code == 200
        assert client.get(reverse("admin:reviews_extractioncorrection_changelist")).status_code == 200
        change = client.post(reverse("admin:reviews_auditevent_change", args=[event.pk]), {"reason": "rewritten"})
        assert change.status_code == 403
        assert (
            client.post(reverse("admin:reviews_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
        )
    event.refresh_from_db()
    assert event.reason == ""


def test_article_review_settings_changed_in_the_admin_go_through_the_service(client, editor):
    from reviews.models import AuditEvent
    from tests.factories import ArticleFactory, ClaimFactory

    article = ArticleFactory(required_reviews=1)
    claim = ClaimFactory(article=article)
    client.force_login(editor)
    url = reverse("admin:reviews_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update({"priority": 4, "required_reviews": 2, "deadline_0": "", "deadline_1": ""})
    data.update(
        {"claims-TOTAL_FORMS": 1, "claims-INITIAL_FORMS": 1, "claims-0-id": claim.pk, "claims-0-article": article.pk}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    claim.refresh_from_db()
    assert (claim.priority, claim.required_reviews) == (4, 2)
    assert AuditEvent.objects.filter(action="article_review_settings", article=article).exists()


def test_nobody_deletes_articles_or_claims_in_the_admin_because_that_would_erase_history(client, admin_user):
    from reviews.models import Article, Claim
    from reviews.services.queue import claim_assign_next
    from tests.factories import ClaimFactory, UserFactory

    claim = ClaimFactory()
    claim_assign_next(reviewer=UserFactory(username="lessee", roles=["reviewer"]))
    client.force_login(admin_user)
    for url in (
        reverse("admin:reviews_claim_delete", args=[claim.pk]),
        reverse("admin:reviews_article_delete", args=[claim.article_id]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists() and Article.objects.filter(pk=claim.article_id).exists()
    assert claim.audit_events.filter(action="claim_leased").exists()


def test_page_fetches_are_read_only_in_the_admin_and_for_admins_only(
    client, editor, admin_user, django_assert_max_num_queries
):
    from reviews.models import PageFetch, PageFetchState

    rows = [
        PageFetch.objects.create(page_url=f"https://example.org/{n}", requested_by=editor, state=state)
        for n, state in enumerate([PageFetchState.PENDING, PageFetchState.FAILED, PageFetchState.DONE] * 4)
    ]
    changelist = reverse("admin:reviews_pagefetch_changelist")
    change = reverse("admin:reviews_pagefetch_change", args=[rows[1].pk])

    client.force_login(editor)  # staff, but page fetches (URLs, errors) are for admins here
    assert client.get(changelist).status_code == 403 and client.get(change).status_code == 403
    assert b"Page fetchs" not in client.get(reverse("admin:index")).content

    client.force_login(admin_user)
    with django_assert_max_num_queries(12):  # one select for the rows with who asked and the article
        page = client.get(changelist, {"state__exact": "failed"})
    shown = {row.page_url for row in rows if f">{row.page_url}<".encode() in page.content}
    assert page.status_code == 200 and shown == {row.page_url for row in rows if row.state == PageFetchState.FAILED}
    assert b"By state" in page.content
    detail = client.get(change)
    assert detail.status_code == 200 and b'name="_save"' not in detail.content
    assert client.post(change, {"page_url": "https://evil.example.org/", "state": "done"}).status_code == 403
    assert client.get(reverse("admin:reviews_pagefetch_add")).status_code == 403
    assert client.post(reverse("admin:reviews_pagefetch_delete", args=[rows[1].pk]), {"post": "yes"}).status_code == 403
    assert PageFetch.objects.get(pk=rows[1].pk).page_url == "https://example.org/1"


def test_the_admin_shows_an_endpoints_secret_hint_never_its_secret(client, editor):
    endpoint = WebhookEndpointFactory(description="Desk bot")
    client.force_login(editor)
    for url in (
        reverse("admin:reviews_webhookendpoint_changelist"),
        reverse("admin:reviews_webhookendpoint_change", args=[endpoint.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and endpoint.secret.encode() not in page.content
    assert endpoint.secret_hint.encode() in page.content
    saved = client.post(
        reverse("admin:reviews_webhookendpoint_change", args=[endpoint.pk]),
        {"description": "Desk bot 2", "is_active": "on", "secret": "attacker-chosen"},
    )
    assert saved.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.description == "Desk bot 2" and endpoint.secret != "attacker-chosen"
