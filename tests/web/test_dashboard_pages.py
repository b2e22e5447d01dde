from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reviews.models import AuditAction, ClaimStatus, Report, ReportState
from reviews.services.audit import audit_record
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def _desk(reviewer, reviewer2, *, articles: int, claims: int) -> None:
    for index in range(articles):
        article = ArticleFactory(desk="Politics" if index % 2 else "Sport", required_reviews=2)
        for position in range(claims):
            status = [ClaimStatus.PENDING, ClaimStatus.DISPUTED, ClaimStatus.SUPPORTED][position % 3]
            claim = ClaimFactory(article=article, position=position, status=status, review_count=0)
            if status != ClaimStatus.PENDING:
                ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", seconds_spent=40)
                ReviewFactory(
                    claim=claim, reviewer=reviewer2, verdict=status if status != "disputed" else "speculative"
                )
        Report.objects.create(scope="article", format="csv", article=article, state=ReportState.DONE)


def test_editor_opens_the_dashboard_and_every_number_links_to_the_claims_list(client, editor, reviewer, reviewer2):
    _desk(reviewer, reviewer2, articles=2, claims=6)
    client.force_login(editor)
    response = client.get(reverse("editor-dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Desk dashboard" in html and "<svg" in html and "Reviewer throughput" in html
    assert 'href="/editor/claims/?status=disputed&amp;ordering=created_at"' in html
    assert "rita" in html and "rob" in html
    # Follow the "waiting for review" number: the list shows exactly that many claims.
    waiting = re.search(r'href="(/editor/claims/\?status=pending&amp;ordering=created_at)"><span class="n">(\d+)', html)
    assert waiting is not None
    listing = client.get(waiting.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == int(waiting.group(2)) == 4


def test_dashboard_lists_reviewer_pairs_lowest_agreement_first(client, editor, reviewer, reviewer2):
    client.force_login(editor)
    html = client.get(reverse("editor-dashboard")).content.decode()
    assert "Reviewer agreement" in html and "No two reviewers reviewed the same claim in this window." in html
    vic = UserFactory(username="vic", roles=["reviewer"])
    article = ArticleFactory(required_reviews=2)
    for first, second, verdicts in (
        (
            reviewer,
            reviewer2,
            [("supported", "supported")] * 7 + [("speculative", "speculative")] * 2 + [("supported", "speculative")],
        ),
        (reviewer, vic, [("supported", "speculative"), ("speculative", "supported")] * 5),
    ):
        for verdict_first, verdict_second in verdicts:
            claim = ClaimFactory(article=article)
            ReviewFactory(claim=claim, reviewer=first, verdict=verdict_first)
            ReviewFactory(claim=claim, reviewer=second, verdict=verdict_second)
    response = client.get(reverse("editor-dashboard"))
    html = response.content.decode()
    section = html[html.index('id="agreement"') : html.index("<h2>Articles")]
    assert "2 pairs reviewed the same claims" in section and "1 with low agreement" in section
    rows = re.findall(r"<tr( class=\"[^\"]*\")?>\s*<td><a [^>]*>(\w+)</a> &amp; <a [^>]*>(\w+)</a>", section)
    assert [(css, {a, b}) for css, a, b in rows] == [(' class="pair-low"', {"rita", "vic"}), ("", {"rita", "rob"})]
    assert '<span class="badge status-disputed">poor</span>' in section and "-1.00" in section and "0%" in section
    # rita & rob: 9 of 10 agreed; marginals rita (S 8, SP 2), rob (S 7, SP 3): expected 0.8*0.7 + 0.2*0.3 = 0.62,
    # kappa (0.9 - 0.62) / 0.38 = 0.74.
    assert "90%" in section and "0.74" in section and "substantial" in section
    assert f"reviewer={vic.pk}#agreement" in section


def test_home_sends_editors_to_the_dashboard(client, editor):
    client.force_login(editor)
    assert client.get(reverse("home"))["Location"] == reverse("editor-dashboard")


def test_filters_narrow_the_dashboard_and_keep_in_links(client, editor, reviewer, reviewer2):
    _desk(reviewer, reviewer2, articles=2, claims=3)
    client.force_login(editor)
    response = client.get(reverse("editor-dashboard"), {"desk": "Politics", "status": "pending"})
    board = response.context["board"]
    assert board.mix.total == 1 and board.filters.desk == "Politics"
    assert "/editor/claims/?desk=Politics&amp;status=pending" in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_rows(
    client, editor, reviewer, reviewer2, django_assert_max_num_queries
):
    _desk(reviewer, reviewer2, articles=3, claims=6)
    client.force_login(editor)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("editor-dashboard")).status_code == 200
    _desk(reviewer, reviewer2, articles=14, claims=9)
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("editor-dashboard"), {"desk": "Sport", "reviewer": reviewer.pk, "date_from": "2020-01-01"}
        )
        assert response.status_code == 200


def test_reviewers_and_outsiders_cannot_open_editor_pages(client, reviewer, outsider):
    claim = ClaimFactory()
    for user in (reviewer, outsider):
        client.force_login(user)
        for url in (reverse("editor-dashboard"), reverse("editor-claims"), reverse("editor-claim", args=[claim.pk])):
            assert client.get(url).status_code == 403
    client.logout()
    assert client.get(reverse("editor-dashboard"))["Location"].startswith(reverse("login"))


def test_claims_list_filters_and_paginates_keeping_the_filters(client, editor, django_assert_max_num_queries):
    article = ArticleFactory(desk="Science")
    ClaimFactory.create_batch(55, article=article, score=0.9)
    ClaimFactory(score=0.1)
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("editor-claims"), {"desk": "Science", "score_min": "0.5"})
    assert response.context["page"].paginator.count == 55
    assert "?desk=Science&amp;score_min=0.5&amp;page=2" in response.content.decode()
    assert client.get(reverse("editor-claims"), {"status": "nonsense"}).status_code == 400


def test_claim_detail_shows_reviews_and_history(client, editor, reviewer, django_assert_max_num_queries):
    claim = ClaimFactory(status=ClaimStatus.SUPPORTED)
    ReviewFactory(claim=claim, reviewer=reviewer, note="Checked against the budget", seconds_spent=95)
    audit_record(action=AuditAction.STATUS_CHANGED, claim=claim, before="pending", after="supported", reason="agree")
    client.force_login(editor)
    # A constant number whatever the reviews: the page also reads precedents, corrections and the reviewers
    # the claim can be handed to (tests/web/test_editor_desk_pages.py checks the page's contents).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("editor-claim", args=[claim.pk]))
    html = response.content.decode()
    assert "Checked against the budget" in html and "1 min 35 s" in html
    assert "Status changed" in html and "pending → supported" in html
    assert client.get(reverse("editor-claim", args=[claim.pk + 999])).status_code == 404


def test_article_page_links_every_highlight_to_its_claim(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    html = client.get(reverse("editor-article", args=[claim.article_id])).content.decode()
    url = reverse("editor-claim", args=[claim.pk])
    assert f'class="hl status-pending" data-href="{url}"' in html
    assert f'<a href="{reverse("editor-claim", args=[claim.pk])}">' in html  # and a plain link in the claims table
