"""Published fact-checks: the API contract, corrections, unpublishing (410), the public pages."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.exceptions import NotPublishable
from reviews.models import AuditAction, AuditEvent, Claim, Publication
from reviews.selectors.publications import rating_scale
from reviews.selectors.report_document import AUDIT
from reviews.services.publications import article_publish, claim_publish, claim_unpublish
from reviews.services.reports import report_document_for, report_request
from tests.report_world import report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reviewer, reviewer2, editor):
    return report_world(reviewer=reviewer, reviewer2=reviewer2, editor=editor)


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def _ld(page: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    return json.loads(block)


def test_publishing_an_article_publishes_every_final_claim_with_absolute_urls(api, world):
    response = api.post(f"/api/v1/articles/{world.pk}/publish/")
    assert response.status_code == 200, response.json()
    published = response.json()["published"]
    finals = list(Claim.objects.filter(article=world, status__in=["supported", "speculative", "needs_source"]))
    assert [item["claim"] for item in published] == [claim.pk for claim in sorted(finals, key=lambda c: c.position)]
    for item in published:
        assert re.fullmatch(r"http://testserver/fact-checks/[A-Za-z0-9]+/", item["url"])
        page = APIClient().get(item["url"].removeprefix("http://testserver"))  # anonymous
        assert page.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.FACT_CHECK_PUBLISHED).count() == 3


def test_publishing_needs_a_final_claim(api, world):
    pending = Claim.objects.get(article=world, status="pending")
    assert api.post(f"/api/v1/claims/{pending.pk}/publish/").status_code == 409
    Claim.objects.filter(article=world).update(status="pending")
    response = api.post(f"/api/v1/articles/{world.pk}/publish/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_publishable"
    assert not Publication.objects.exists()
    assert api.post("/api/v1/articles/999999/publish/").status_code == 404


def test_reviewers_and_anonymous_visitors_cannot_publish(world, reviewer):
    claim = Claim.objects.get(article=world, status="supported")
    client = APIClient()
    assert client.post(f"/api/v1/claims/{claim.pk}/publish/").status_code == 401
    client.force_authenticate(reviewer)
    assert client.post(f"/api/v1/claims/{claim.pk}/publish/").status_code == 403
    assert not Publication.objects.exists()


def test_the_summary_is_prefilled_from_the_adjudication_reason_or_the_agreed_note(editor, world):
    adjudicated = Claim.objects.get(article=world, status="speculative")
    agreed = Claim.objects.get(article=world, status="supported")
    assert (
        claim_publish(claim_id=adjudicated.pk, editor=editor).summary == "The forecast is the council's own estimate."
    )
    assert claim_publish(claim_id=agreed.pk, editor=editor).summary == "Matches the port authority's annual report."
    own = claim_publish(claim_id=agreed.pk, editor=editor, summary="The port's audited accounts confirm it.")
    assert own.summary == "The port's audited accounts confirm it."


def test_unpublishing_takes_the_page_down_with_410_and_is_audited(api, client, editor, world):
    claim = Claim.objects.get(article=world, status="supported")
    url = api.post(f"/api/v1/claims/{claim.pk}/publish/").json()["published"][0]["url"]
    path = url.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert api.delete(f"/api/v1/claims/{claim.pk}/publish/").status_code == 204
    gone = client.get(path)
    assert gone.status_code == 410 and claim.text not in gone.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.FACT_CHECK_UNPUBLISHED, actor=editor, claim=claim).exists()
    assert api.delete(f"/api/v1/claims/{claim.pk}/publish/").status_code == 409  # nothing left to take down
    assert path not in client.get(reverse("public-fact-checks")).content.decode()
    again = api.post(f"/api/v1/claims/{claim.pk}/publish/").json()["published"][0]["url"]
    assert again == url and client.get(path).status_code == 200  # the same address comes back


def test_a_changed_verdict_or_summary_is_a_dated_correction_with_the_earlier_wording(client, editor, world):
    claim = Claim.objects.get(article=world, status="speculative")
    publication = claim_publish(claim_id=claim.pk, editor=editor)
    assert claim_publish(claim_id=claim.pk, editor=editor).corrections.count() == 0  # unchanged: no correction
    Claim.objects.filter(pk=claim.pk).update(status="supported")
    claim_publish(claim_id=claim.pk, editor=editor, summary="The council published its model: it holds.")
    page = html.unescape(client.get(reverse("public-fact-check", args=[publication.key])).content.decode())
    today = timezone.localdate()
    assert f"Corrected {today.day} {today:%B %Y}" in page
    assert "This fact-check earlier said: <em>Speculative: not established</em>" in page
    assert "The forecast is the council's own estimate." in page  # the earlier summary, kept
    assert "Supported by the evidence" in page and "The council published its model: it holds." in page
    assert AuditEvent.objects.filter(action=AuditAction.FACT_CHECK_CORRECTED, before="speculative").exists()


def test_the_public_page_carries_the_claim_review_and_no_internal_data(client, editor, world):
    publications = article_publish(article_id=world.pk, editor=editor)
    assert publications, "nothing was published: the page checks below would pass on no page at all"
    audit = report_document_for(
        report=report_request(user=None, report_format="json", article_id=world.pk, audience=AUDIT)
    )
    internal: set[str] = set()
    for chunk in audit.claims:
        for claim in chunk:
            for verdict in claim.verdicts:
                internal |= {verdict.reviewer, verdict.note, verdict.missing_source}
            for event in (*claim.trail, *claim.adjudication):
                internal |= {event.what, event.change}
            for correction in claim.corrections:
                internal.add(correction.reason)  # its "before" is part of the public claim text
            for precedent in claim.precedents:
                internal |= {precedent.text, precedent.link}
    internal |= {"rita", "rob", "edna", "Publishing at noon; the jobs figure is with the ministry.", "Economy"}
    # The public summaries were accepted as prefilled (an agreed note becomes the newsroom's words, unattributed).
    internal -= {"", *(publication.summary for publication in publications)}
    for publication in publications:
        response = client.get(reverse("public-fact-check", args=[publication.key]))
        page = html.unescape(response.content.decode())
        leaked = sorted(value for value in internal if value in page)
        assert leaked == [], leaked
        review = _ld(response.content.decode())
        assert review["url"] == f"http://testserver/fact-checks/{publication.key}/"
        assert review["claimReviewed"] == publication.claim_text
        assert review["reviewRating"]["alternateName"] in page
        assert review["itemReviewed"]["appearance"]["url"] == "https://news.example.org/harbour"


def test_public_pages_answer_conditional_requests(client, editor, world):
    publication = article_publish(article_id=world.pk, editor=editor)[0]
    path = reverse("public-fact-check", args=[publication.key])
    first = client.get(path)
    assert first["ETag"] and first["Last-Modified"] and "public" in first["Cache-Control"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    claim_publish(claim_id=publication.claim_id, editor=editor, summary="A new public summary.")
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    index = client.get(reverse("public-fact-checks"))
    assert client.get(reverse("public-fact-checks"), HTTP_IF_NONE_MATCH=index["ETag"]).status_code == 304


def _publish_many(editor, count: int) -> list[Publication]:
    from tests.factories import ArticleFactory, ClaimFactory

    article = ArticleFactory(title="Many claims")
    start = timezone.now() - timedelta(days=count)
    publications = []
    for n in range(count):
        claim = ClaimFactory(article=article, position=n, text=f"Claim number {n}.", status="supported")
        publication = claim_publish(claim_id=claim.pk, editor=editor, summary=f"Summary {n}.")
        Publication.objects.filter(pk=publication.pk).update(published_at=start + timedelta(days=n))
        publications.append(publication)
    return publications


def test_the_index_is_paginated_newest_first_and_costs_no_query_per_row(client, editor):
    _publish_many(editor, 25)
    rating_scale()  # created once, on first use
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("public-fact-checks")).content.decode()
    few = len(queries)
    assert first.index("Claim number 24.") < first.index("Claim number 23.")
    assert "Claim number 4." not in first and 'rel="next"' in first
    second = client.get(reverse("public-fact-checks"), {"page": 2}).content.decode()
    assert "Claim number 4." in second and "Claim number 0." in second and 'rel="next"' not in second
    _publish_many(editor, 5)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("public-fact-checks"))
    assert len(queries) == few  # the same queries with more rows
    assert client.get(reverse("public-fact-checks"), {"page": 9}).status_code == 404


def test_the_page_and_the_sitemap_cost_the_same_queries_whatever_the_size(client, editor):
    [small] = _publish_many(editor, 1)
    rating_scale()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("public-fact-check", args=[small.key]))
        client.get(reverse("public-fact-checks-sitemap"))
    few = len(queries)
    many = _publish_many(editor, 12)
    claim_unpublish(claim_id=many[0].claim_id, editor=editor)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("public-fact-check", args=[many[1].key]))
        sitemap = client.get(reverse("public-fact-checks-sitemap"))
    assert len(queries) == few
    body = sitemap.content.decode()
    assert sitemap["Content-Type"].startswith("application/xml")
    assert body.count("<loc>") == 12 and f"/fact-checks/{many[0].key}/" not in body
    assert f"<loc>http://testserver/fact-checks/{many[1].key}/</loc>" in body


def test_the_rating_scale_is_the_newsrooms_and_reaches_the_page_and_the_markup(client, editor, world):
    claim = Claim.objects.get(article=world, status="needs_source")
    publication = claim_publish(claim_id=claim.pk, editor=editor)
    review = _ld(client.get(reverse("public-fact-check", args=[publication.key])).content.decode())
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Unsubstantiated: no source given",
    }  # a missing source is not published as the worst rating
    scale = rating_scale()
    scale.needs_source_wording, scale.needs_source_rating = "Needs a source", 3
    scale.save()
    review = _ld(client.get(reverse("public-fact-check", args=[publication.key])).content.decode())
    assert (review["reviewRating"]["ratingValue"], review["reviewRating"]["alternateName"]) == (3, "Needs a source")


def test_an_unknown_fact_check_is_404(client):
    assert client.get(reverse("public-fact-check", args=["nosuchkey"])).status_code == 404


def test_the_page_survives_a_new_version_of_the_article(client, editor, world):
    claim = Claim.objects.get(article=world, status="supported")
    publication = claim_publish(claim_id=claim.pk, editor=editor)
    Claim.objects.filter(pk=claim.pk).update(status="withdrawn")  # the correction reworded it
    response = client.get(reverse("public-fact-check", args=[publication.key]))
    assert response.status_code == 200 and claim.text in html.unescape(response.content.decode())


def test_not_publishable_is_a_domain_error(editor, world):
    with pytest.raises(NotPublishable):
        claim_publish(claim_id=Claim.objects.get(article=world, status="pending").pk, editor=editor)


def test_the_command_publishes_and_unpublishes(editor, world, capsys):
    from django.core.management import CommandError, call_command

    call_command("publish", "--article", str(world.pk), "--as", "edna")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and all("/fact-checks/" in line for line in lines)
    claim = Claim.objects.get(article=world, status="supported")
    call_command("publish", "--claim", str(claim.pk), "--unpublish", "--reason", "Legal asked")
    assert "now answers 410" in capsys.readouterr().out
    assert Publication.objects.get(claim=claim).unpublish_reason == "Legal asked"
    pending = Claim.objects.get(article=world, status="pending")
    with pytest.raises(CommandError, match="final verdict"):
        call_command("publish", "--claim", str(pending.pk))


def test_only_admins_change_the_rating_scale_and_the_change_is_audited(client, editor, admin_user):
    from reviews.exceptions import InvalidReportRequest
    from reviews.services.publications import rating_scale_update

    url = reverse("admin:reviews_ratingscale_change", args=[rating_scale().pk])
    client.force_login(editor)
    assert client.post(url, {"needs_source_wording": "False"}).status_code == 403
    client.force_login(admin_user)
    form = {
        "worst_rating": 1,
        "best_rating": 5,
        "supported_rating": 5,
        "supported_wording": "Supported by the evidence",
        "speculative_rating": 3,
        "speculative_wording": "Speculative: not established",
        "needs_source_rating": 3,
        "needs_source_wording": "Needs a source",
    }
    assert client.post(url, form).status_code == 302
    assert rating_scale().rating("needs_source") == (3, "Needs a source")
    event = AuditEvent.objects.get(action=AuditAction.RATING_SCALE_CHANGED)
    assert event.actor == admin_user and event.data["after"]["needs_source_wording"] == "Needs a source"
    with pytest.raises(InvalidReportRequest, match="on the scale"):
        rating_scale_update(user=admin_user, supported_rating=9)
    assert rating_scale().supported_rating == 5
