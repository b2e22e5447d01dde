from __future__ import annotations

import pytest

from reviews.extraction.pipeline import extract_article
from reviews.models import Assignment, AssignmentState, AuditEvent, Claim, ClaimStatus, Review
from reviews.selectors.readiness import article_readiness
from reviews.services.articles import article_ingest
from reviews.services.queue import claim_assign_next, claims_open_for
from reviews.services.verdicts import verdict_record
from tests.factories import verdict_extras

pytestmark = pytest.mark.django_db

URL = "https://news.example.org/council-budget"
KEPT = "The council approved a budget of 12 million dollars on Monday, officials said."
CHANGED_BEFORE = "Unemployment fell to four percent in March, according to the statistics office."
CHANGED_AFTER = "Unemployment fell to five percent in March, according to the statistics office."
REMOVED = "The mayor said the new bridge will cost 300 million dollars."
ADDED = "The city hired 250 new teachers in 2025, the education board said."
V1 = f"Council budget\n{KEPT}\n{CHANGED_BEFORE}\n{REMOVED}\n"
V2 = f"Council budget (corrected)\n{KEPT}\n{CHANGED_AFTER}\n{ADDED}\n"


def claim_texts(text: str) -> set[str]:
    return {claim.text for claim in extract_article(text).claims}


@pytest.fixture
def reviewed_v1(editor, reviewer):
    """Version 1 with every claim reviewed (final), ingested from URL."""
    assert {KEPT, CHANGED_BEFORE, REMOVED} <= claim_texts(V1), "the extractor must find the test sentences"
    article = article_ingest(raw_text=V1, user=editor, source_url=URL, desk="City").article
    for _ in range(article.claims.count()):
        assignment = claim_assign_next(reviewer=reviewer)
        verdict_record(
            assignment_id=assignment.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported")
        )
    return article


def test_a_correction_is_a_new_version_linked_to_the_old(reviewed_v1, editor):
    v2 = article_ingest(raw_text=V2, user=editor, source_url=URL).article
    assert (v2.version, v2.previous_version_id, v2.desk) == (2, reviewed_v1.pk, "City")
    reviewed_v1.refresh_from_db()
    assert reviewed_v1.next_version == v2
    corrected = AuditEvent.objects.get(action="article_corrected")
    assert corrected.article_id == v2.pk and corrected.data["previous_version"] == reviewed_v1.pk


def test_unchanged_claims_keep_their_reviews_changed_and_new_are_queued_removed_are_withdrawn(
    reviewed_v1, editor, reviewer
):
    kept_before = Claim.objects.get(article=reviewed_v1, text=KEPT)
    v2 = article_ingest(raw_text=V2, user=editor, source_url=URL).article

    kept = Claim.objects.get(article=v2, text=KEPT)
    assert kept.pk == kept_before.pk  # the same row, re-pointed
    assert kept.status == ClaimStatus.SUPPORTED and kept.reviews.count() == 1
    assert kept.position == [c.text for c in extract_article(V2).claims].index(KEPT)

    changed = Claim.objects.get(article=v2, text=CHANGED_AFTER)
    added = Claim.objects.get(article=v2, text=ADDED)
    assert changed.status == added.status == ClaimStatus.PENDING
    assert not Review.objects.filter(claim__in=[changed, added]).exists()
    open_ids = set(claims_open_for(reviewer=reviewer).values_list("pk", flat=True))
    assert {changed.pk, added.pk} <= open_ids

    withdrawn = Claim.objects.filter(article=reviewed_v1)
    assert set(withdrawn.values_list("text", "status")) == {
        (CHANGED_BEFORE, "withdrawn"),
        (REMOVED, "withdrawn"),
    }
    assert not open_ids & set(withdrawn.values_list("pk", flat=True))
    # Reviews of withdrawn claims stay where they were: the old version keeps its history.
    assert Review.objects.filter(claim__article=reviewed_v1).count() == 2
    assert article_readiness(reviewed_v1).total == 0
    new_texts = claim_texts(V2)
    assert article_readiness(v2).total == len(new_texts)
    assert article_readiness(v2).unresolved == len(new_texts - {KEPT})


def test_a_lease_on_a_withdrawn_claim_is_closed_and_its_verdict_refused(editor, reviewer):
    article_ingest(raw_text=V1, user=editor, source_url=URL)
    held = []
    for _ in range(3):
        held.append(claim_assign_next(reviewer=reviewer))
        if held[-1].claim.text == REMOVED:
            break
        verdict_record(assignment_id=held[-1].pk, reviewer=reviewer, verdict="speculative")
    removed_lease = held[-1]
    assert removed_lease.claim.text == REMOVED
    article_ingest(raw_text=V2, user=editor, source_url=URL)
    assert Assignment.objects.get(pk=removed_lease.pk).state == AssignmentState.RELEASED
    from reviews.exceptions import ClaimNotHeld

    with pytest.raises(ClaimNotHeld):
        verdict_record(
            assignment_id=removed_lease.pk, reviewer=reviewer, verdict="supported", **verdict_extras("supported")
        )
    claim = Claim.objects.get(pk=removed_lease.claim_id)
    assert (claim.status, claim.lease_count, claim.review_count) == ("withdrawn", 0, 0)


def test_same_text_again_is_still_a_duplicate_and_another_url_is_a_new_article(reviewed_v1, editor):
    from reviews.exceptions import DuplicateArticle

    with pytest.raises(DuplicateArticle):
        article_ingest(raw_text=V1, user=editor, source_url=URL)
    other = article_ingest(raw_text=V2, user=editor, source_url="https://news.example.org/other").article
    assert (other.version, other.previous_version_id) == (1, None)


def test_a_third_version_corrects_the_second(reviewed_v1, editor):
    v2 = article_ingest(raw_text=V2, user=editor, source_url=URL).article
    v3 = article_ingest(raw_text=V2 + "The board said 40 schools will open in 2026.\n", user=editor, source_url=URL)
    assert (v3.article.version, v3.article.previous_version_id) == (3, v2.pk)
    assert Claim.objects.get(text=KEPT).article_id == v3.article.pk
