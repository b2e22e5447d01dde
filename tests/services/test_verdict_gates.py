"""Evidence-gated verdicts: "supported" needs a link; "needs source" says what is missing."""

from __future__ import annotations

import pytest

from reviews.exceptions import EvidenceRequired, InvalidVerdict, MissingSourceRequired
from reviews.models import Assignment, AssignmentState, Review
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import EvidenceInput, verdict_record
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(reviewer):
    ClaimFactory()
    return claim_assign_next(reviewer=reviewer)


def test_supported_without_evidence_is_refused_and_nothing_is_written(held, reviewer):
    with pytest.raises(EvidenceRequired, match="at least one evidence link"):
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="supported", evidence=[])
    assert not Review.objects.exists()
    assert Assignment.objects.get(pk=held.pk).state == AssignmentState.ACTIVE  # still yours: add a link


def test_supported_with_an_invalid_link_is_refused(held, reviewer):
    with pytest.raises(InvalidVerdict, match="Not a valid"):
        verdict_record(
            assignment_id=held.pk, reviewer=reviewer, verdict="supported", evidence=[EvidenceInput(url="ftp://x")]
        )
    assert not Review.objects.exists()


def test_supported_with_a_link_keeps_its_title_and_cited_time(held, reviewer):
    review = verdict_record(
        assignment_id=held.pk,
        reviewer=reviewer,
        verdict="supported",
        evidence=[EvidenceInput(url=" https://stats.example.org/q1 ", title="Quarterly statistics")],
    )
    (link,) = review.evidence.all()
    assert (link.url, link.title) == ("https://stats.example.org/q1", "Quarterly statistics")
    assert link.cited_at is not None


def test_needs_source_without_saying_what_is_missing_is_refused(held, reviewer):
    with pytest.raises(MissingSourceRequired, match="what source is missing"):
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict="needs_source", missing_source_note="  ")
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("kinds", "note", "stored"),
    [
        (["data_set", "official_record"], "", ["official_record", "data_set"]),
        ([], "the minister's own words, on the record", []),
    ],
    ids=["kinds", "note-only"],
)
def test_needs_source_records_what_the_writer_should_add(held, reviewer, kinds, note, stored):
    review = verdict_record(
        assignment_id=held.pk,
        reviewer=reviewer,
        verdict="needs_source",
        missing_source_kinds=kinds,
        missing_source_note=note,
    )
    review.refresh_from_db()
    assert (review.missing_source_kinds, review.missing_source_note) == (stored, note)


@pytest.mark.parametrize(
    ("verdict", "kinds", "message"),
    [("needs_source", ["rumour"], "Unknown source kind"), ("speculative", ["document"], "only goes with")],
)
def test_bad_missing_source_details_are_refused(held, reviewer, verdict, kinds, message):
    with pytest.raises(InvalidVerdict, match=message):
        verdict_record(assignment_id=held.pk, reviewer=reviewer, verdict=verdict, missing_source_kinds=kinds)
