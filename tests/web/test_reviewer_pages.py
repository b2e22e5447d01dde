from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Assignment, ClaimStatus, Review
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_log_in(client):
    for name in ("review-desk", "editor-articles", "editor-reports"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_reviewer_takes_a_claim_sees_cues_and_records_a_verdict(client, reviewer):
    claim = ClaimFactory(
        text="The deal could lift exports by 4%.",
        cues=[{"text": "could", "start": 9, "end": 14, "kind": "hedge"}],
        suggested_status="speculative",
    )
    other = ClaimFactory(score=0.1)
    client.force_login(reviewer)
    response = client.post(reverse("review-next"))
    assignment = Assignment.objects.get(reviewer=reviewer)
    assert response["Location"] == reverse("review-claim", args=[assignment.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'<span class="cue cue-hedge" title="hedge cue">could</span>' in page.content
    assert b"Save and next" in page.content

    response = client.post(
        reverse("review-claim", args=[assignment.pk]),
        {"verdict": "speculative", "note": "Forecast", "evidence": "https://example.org/a Trade figures"},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SPECULATIVE
    review = Review.objects.get()
    assert review.evidence.get().title == "Trade figures"
    # ... and is handed the next claim straight away.
    next_assignment = Assignment.objects.get(reviewer=reviewer, state="active")
    assert next_assignment.claim == other
    assert response["Location"] == reverse("review-claim", args=[next_assignment.pk])


def test_verdict_on_someone_elses_lease_shows_a_message_and_saves_nothing(client, reviewer, reviewer2):
    ClaimFactory()
    client.force_login(reviewer)
    client.post(reverse("review-next"))
    assignment = Assignment.objects.get()
    client.force_login(reviewer2)
    response = client.post(reverse("review-claim", args=[assignment.pk]), {"verdict": "supported"}, follow=True)
    assert b"You do not hold this claim" in response.content
    assert not Review.objects.exists()


def test_editors_and_outsiders_cannot_use_the_reviewer_pages(client, editor, outsider):
    for user in (editor, outsider):
        client.force_login(user)
        assert client.get(reverse("review-desk")).status_code == 403
        assert client.post(reverse("review-next")).status_code == 403


def test_reviewers_cannot_use_editor_pages_or_the_admin(client, reviewer, sample_article):
    client.force_login(reviewer)
    assert client.get(reverse("editor-articles")).status_code == 403
    assert client.get(reverse("editor-article", args=[sample_article.pk])).status_code == 403
    assert client.post(reverse("editor-request-report", args=[sample_article.pk]), {"format": "csv"}).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302  # admin login, not the admin


def test_reviewer_desk_query_count_does_not_grow_with_held_claims(
    client, reviewer, settings, django_assert_max_num_queries
):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 10
    ClaimFactory.create_batch(10)
    client.force_login(reviewer)
    from reviews.services.queue import claim_assign_next

    for _ in range(10):
        claim_assign_next(reviewer=reviewer)
    # A fixed bound, whatever the number held: + the articles' readiness (one query) + the notifications badge.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("review-desk")).status_code == 200
