from __future__ import annotations

import pytest

from reviews.exceptions import ClaimNotHeld, ClaimStateConflict, InvalidInput
from reviews.models import AssignmentState, AuditEvent, Claim, ClaimStatus, CorrectionState, ExtractionCorrection
from reviews.services.corrections import (
    claim_add_missed,
    claim_edit_text,
    claim_flag_not_a_claim,
    claim_resolve_flag,
    claim_split,
)
from reviews.services.queue import claim_assign_next
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = "Key takeaways: The council approved the budget. Taxes could rise by 2% next year, critics warn."


@pytest.fixture
def article():  # type: ignore[no-untyped-def]
    article = ArticleFactory(cleaned_text=TEXT)
    ClaimFactory(article=article, position=0, text=TEXT[:47], start=0, end=47)
    return article


def test_reviewer_flags_not_a_claim_and_editor_confirms(article, reviewer, editor):
    held = claim_assign_next(reviewer=reviewer)
    correction = claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer, reason="list intro")
    claim = Claim.objects.get(pk=held.claim_id)
    assert claim.status == ClaimStatus.FLAGGED
    assert claim.lease_count == 0
    held.refresh_from_db()
    assert held.state == AssignmentState.FLAGGED
    assert correction.state == CorrectionState.PROPOSED
    claim = claim_resolve_flag(claim_id=claim.pk, editor=editor, confirm=True, reason="agreed")
    assert claim.status == ClaimStatus.NOT_A_CLAIM
    correction.refresh_from_db()
    assert (correction.state, correction.decided_by) == (CorrectionState.CONFIRMED, editor)
    actions = list(AuditEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert "claim_flagged" in actions and "flag_resolved" in actions
    with pytest.raises(ClaimStateConflict):
        claim_resolve_flag(claim_id=claim.pk, editor=editor, confirm=False, reason="twice")


def test_rejected_flag_returns_the_claim_to_the_queue_for_others(article, reviewer, reviewer2, editor):
    held = claim_assign_next(reviewer=reviewer)
    claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer, reason="list intro")
    claim = claim_resolve_flag(claim_id=held.claim_id, editor=editor, confirm=False, reason="it states a fact")
    assert claim.status == ClaimStatus.PENDING
    assert claim_assign_next(reviewer=reviewer2).claim_id == claim.pk


def test_flag_needs_a_reason_and_a_held_lease(article, reviewer, reviewer2):
    held = claim_assign_next(reviewer=reviewer)
    with pytest.raises(InvalidInput):
        claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer, reason="  ")
    with pytest.raises(ClaimNotHeld):
        claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer2, reason="not mine")
    assert not ExtractionCorrection.objects.exists()


def test_editor_edits_text_splits_and_adds_a_missed_claim(article, editor):
    claim = article.claims.get()
    edited = claim_edit_text(
        claim_id=claim.pk,
        editor=editor,
        text="The council approved the budget.",
        start=16,
        end=47,
        reason="drop the list intro",
    )
    assert (edited.text, edited.start, edited.end) == ("The council approved the budget.", 16, 47)
    added = claim_add_missed(
        article_id=article.pk, editor=editor, start=48, end=len(TEXT), suggested_status="speculative", reason="missed"
    )
    assert added.text == TEXT[48:] and added.position == 1 and added.status == ClaimStatus.PENDING
    first, second = claim_split(claim_id=added.pk, editor=editor, split_at=added.text.index(",") + 1, reason="two")
    assert first.text == "Taxes could rise by 2% next year," and second.text == "critics warn."
    assert TEXT[second.start : second.end] == second.text
    added.refresh_from_db()
    assert added.status == ClaimStatus.SUPERSEDED
    assert list(article.claims.order_by("position").values_list("pk", flat=True)) == [
        claim.pk,
        added.pk,
        first.pk,
        second.pk,
    ]
    kinds = list(ExtractionCorrection.objects.values_list("kind", "state"))
    assert kinds == [("text_edited", "confirmed"), ("added", "confirmed"), ("split", "confirmed")]
    with pytest.raises(ClaimStateConflict):
        claim_split(claim_id=added.pk, editor=editor, split_at=3, reason="again")
    with pytest.raises(ClaimStateConflict):
        claim_add_missed(
            article_id=article.pk, editor=editor, start=20, end=30, suggested_status="supported", reason="x"
        )
    with pytest.raises(InvalidInput):
        claim_add_missed(
            article_id=article.pk, editor=editor, start=90, end=900, suggested_status="supported", reason="x"
        )
