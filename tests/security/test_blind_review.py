"""Blind review cannot leak through filters: generated from ClaimFilter's declared filters and orderings.

rita holds claim C, which rob has reviewed ("speculative", with a note and evidence) and rita has not.
Every filter and ordering the API list accepts, alone and combined with ``reviewer=rob`` or
``verdict=speculative``, must answer rita exactly as it would if rob's review did not exist. A new
filter is picked up automatically; one whose value type this test does not know fails it until
candidate values are added here.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import chain

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django_filters import OrderingFilter
from rest_framework.test import APIClient

from reviews.filters import ClaimFilter
from reviews.models import AssignmentState, ClaimStatus, EvidenceLink, Review, Verdict
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    article = ArticleFactory(desk="World", required_reviews=2)
    held = ClaimFactory(article=article, text="Unemployment fell by a third last year.", review_count=1)
    AssignmentFactory(claim=held, reviewer=reviewer)
    blind = ReviewFactory(claim=held, reviewer=reviewer2, verdict=Verdict.SPECULATIVE, note="secret note")
    EvidenceLink.objects.create(review=blind, url="https://example.org/secret", title="secret")
    # Claims whose verdicts rita may see: one she reviewed too, and a final one she holds for re-review.
    both = ClaimFactory(article=article, text="Exports doubled.", status=ClaimStatus.DISPUTED, review_count=2)
    ReviewFactory(claim=both, reviewer=reviewer, verdict=Verdict.SUPPORTED)
    ReviewFactory(claim=both, reviewer=reviewer2, verdict=Verdict.SPECULATIVE)
    final = ClaimFactory(article=article, text="The bridge opened in 1999.", status=ClaimStatus.SUPPORTED)
    final.review_count = 1
    final.save()
    ReviewFactory(claim=final, reviewer=reviewer2, verdict=Verdict.SUPPORTED)
    AssignmentFactory(claim=final, reviewer=reviewer)
    return {"article": article, "held": held, "blind": blind, "both": both, "final": final}


def candidate_values(name: str, flt, world, reviewer, reviewer2) -> list[str]:  # type: ignore[no-untyped-def]
    """Values worth trying for one filter, chosen by the form field it parses its value with."""
    today = timezone.localdate()
    if isinstance(flt, OrderingFilter):
        return [value for value, _label in flt.extra["choices"]]
    field = flt.field_class
    if issubclass(field, forms.ChoiceField) and "choices" in flt.extra:
        return [str(value) for value, _label in flt.extra["choices"]]
    if issubclass(field, forms.NullBooleanField | forms.BooleanField):
        return ["true", "false"]
    if issubclass(field, forms.DateField):
        return [str(today - timedelta(days=1)), str(today), str(today + timedelta(days=1))]
    if issubclass(field, forms.IntegerField):
        ids = {reviewer.pk, reviewer2.pk, world["held"].pk, world["article"].pk, 0, 1, 2}
        return [str(value) for value in sorted(ids)]
    if issubclass(field, forms.FloatField | forms.DecimalField):
        return ["0", "0.5", "0.8", "1"]
    if issubclass(field, forms.CharField):
        return ["Unemployment", "World", "secret", "e"]
    raise AssertionError(f"ClaimFilter.{name} parses its value with {field.__name__}: add candidate values for it")


def queries(world, reviewer, reviewer2) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    singles = [
        {name: value}
        for name, flt in ClaimFilter.base_filters.items()
        for value in candidate_values(name, flt, world, reviewer, reviewer2)
    ]
    combined = [
        {**query, **extra}
        for query in singles
        for extra in ({"reviewer": str(reviewer2.pk)}, {"verdict": Verdict.SPECULATIVE})
        if not set(query) & set(extra)
    ]
    return [*singles, {"reviewer": str(reviewer2.pk), "verdict": Verdict.SPECULATIVE}, *combined]


def answers(api: APIClient, all_queries: list[dict[str, str]]) -> list[tuple[int, int | None, list[int]]]:
    out = []
    for query in all_queries:
        response = api.get(reverse("claim-list"), query)
        body = response.json()
        ids = [item["id"] for item in body["results"]] if response.status_code == 200 else []
        out.append((response.status_code, body.get("count"), ids))
    return out


def test_every_filter_and_ordering_answers_a_reviewer_as_if_the_blind_review_did_not_exist(world, reviewer, reviewer2):
    api = APIClient()
    api.force_authenticate(reviewer)
    all_queries = queries(world, reviewer, reviewer2)
    assert {name for query in all_queries for name in query} == set(ClaimFilter.base_filters)
    with_review = answers(api, all_queries)
    Review.objects.filter(pk=world["blind"].pk).delete()
    world["held"].review_count = 0
    world["held"].save()
    without_review = answers(api, all_queries)
    leaks = [
        (query, before, after)
        for query, before, after in zip(all_queries, with_review, without_review, strict=True)
        if before != after
    ]
    assert leaks == [], f"{len(leaks)} of {len(all_queries)} queries depend on a review rita may not see: {leaks[:5]}"


def test_the_issue_probes_no_longer_leak(world, reviewer, reviewer2):
    api = APIClient()
    api.force_authenticate(reviewer)
    held = world["held"].pk
    by_verdict = api.get(reverse("claim-list"), {"verdict": "speculative"}).json()
    assert held not in [item["id"] for item in by_verdict["results"]]
    by_both = api.get(reverse("claim-list"), {"reviewer": reviewer2.pk, "verdict": "speculative"}).json()
    assert held not in [item["id"] for item in by_both["results"]]
    detail = api.get(reverse("claim-detail", args=[held])).json()
    assert detail["reviews"] == [] and "secret" not in str(detail)


def test_verdicts_stay_visible_where_the_rule_allows_them(world, reviewer, reviewer2, editor):
    api = APIClient()
    api.force_authenticate(reviewer)
    by_rob = api.get(reverse("claim-list"), {"reviewer": reviewer2.pk}).json()
    assert sorted(item["id"] for item in by_rob["results"]) == sorted([world["both"].pk, world["final"].pk])
    assert [r["reviewer"] for r in api.get(reverse("claim-detail", args=[world["final"].pk])).json()["reviews"]] == [
        "rob"
    ]
    assert len(api.get(reverse("claim-detail", args=[world["both"].pk])).json()["reviews"]) == 2
    # Editors see every verdict, on the API and on the editor's claims page.
    api.force_authenticate(editor)
    everything = api.get(reverse("claim-list"), {"reviewer": reviewer2.pk, "verdict": "speculative"}).json()
    assert sorted(item["id"] for item in everything["results"]) == sorted([world["held"].pk, world["both"].pk])


def test_the_editor_claims_page_filters_on_every_verdict(client, world, reviewer2, editor):
    client.force_login(editor)
    page = client.get(reverse("editor-claims"), {"reviewer": reviewer2.pk, "verdict": "speculative"})
    assert page.status_code == 200
    assert sorted(claim.pk for claim in page.context["page"]) == sorted([world["held"].pk, world["both"].pk])


def test_a_reviewer_who_flagged_the_claim_sees_its_verdicts(world, reviewer, reviewer2):
    AssignmentFactory(claim=world["held"], reviewer=reviewer, state=AssignmentState.FLAGGED)
    api = APIClient()
    api.force_authenticate(reviewer)
    ids = [item["id"] for item in api.get(reverse("claim-list"), {"verdict": "speculative"}).json()["results"]]
    assert world["held"].pk in ids


def test_every_filter_the_test_generates_from_is_declared_on_the_set():
    # The generated test walks base_filters; reviews-derived ones must be among them.
    assert {"reviewer", "verdict", "reviewed", "reviewed_from", "reviewed_to", "ordering"} <= set(
        chain(ClaimFilter.base_filters)
    )
