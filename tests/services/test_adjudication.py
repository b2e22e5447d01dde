from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.exceptions import ClaimStateConflict, InvalidInput, NothingToReview
from reviews.models import AssignmentState, AuditEvent, Claim, ClaimStatus, Review
from reviews.services.adjudication import (
    article_set_review_settings,
    claim_adjudicate,
    claim_override_status,
    claim_prioritise,
    claim_reopen,
)
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import verdict_record
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, verdict_extras

pytestmark = pytest.mark.django_db


def _review(claim_reviewer, verdict):  # type: ignore[no-untyped-def]
    assignment = claim_assign_next(reviewer=claim_reviewer)
    return verdict_record(
        assignment_id=assignment.pk, reviewer=claim_reviewer, verdict=verdict, **verdict_extras(verdict)
    )


@pytest.fixture
def disputed(reviewer, reviewer2):  # type: ignore[no-untyped-def]
    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    _review(reviewer, "supported")
    _review(reviewer2, "speculative")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED
    return claim


def test_editor_adjudicates_a_dispute_with_a_reason(disputed, editor):
    claim = claim_adjudicate(claim_id=disputed.pk, editor=editor, status="speculative", reason="hedged main clause")
    assert claim.status == ClaimStatus.SPECULATIVE
    event = AuditEvent.objects.get(claim=claim, action="claim_adjudicated")
    assert (event.actor, event.before, event.after, event.reason) == (
        editor,
        "disputed",
        "speculative",
        "hedged main clause",
    )
    assert event.data["verdicts"] == {"rita": "supported", "rob": "speculative"}


def test_adjudication_refuses_undisputed_claims_missing_reasons_and_bad_statuses(disputed, editor):
    with pytest.raises(InvalidInput):
        claim_adjudicate(claim_id=disputed.pk, editor=editor, status="supported", reason="")
    with pytest.raises(InvalidInput):
        claim_adjudicate(claim_id=disputed.pk, editor=editor, status="pending", reason="x")
    claim_adjudicate(claim_id=disputed.pk, editor=editor, status="supported", reason="named source")
    with pytest.raises(ClaimStateConflict):
        claim_adjudicate(claim_id=disputed.pk, editor=editor, status="speculative", reason="changed my mind")


def test_reopen_starts_a_new_round_with_new_reviewers_and_keeps_history(disputed, editor, reviewer, reviewer2):
    claim_adjudicate(claim_id=disputed.pk, editor=editor, status="supported", reason="named source")
    claim = claim_reopen(claim_id=disputed.pk, editor=editor, reason="new evidence came in")
    assert (claim.status, claim.review_round, claim.review_count) == (ClaimStatus.PENDING, 2, 0)
    assert Review.objects.filter(claim=claim).count() == 2  # kept
    for user in (reviewer, reviewer2):
        with pytest.raises(NothingToReview):
            claim_assign_next(reviewer=user)
    third = UserFactory(username="tess", roles=["reviewer"])
    fourth = UserFactory(username="tom", roles=["reviewer"])
    _review(third, "needs_source")
    _review(fourth, "needs_source")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_SOURCE  # only this round's verdicts count
    actions = list(AuditEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions.count("status_changed") == 2 and "claim_reopened" in actions
    with pytest.raises(ClaimStateConflict):
        claim_reopen(claim_id=ClaimFactory().pk, editor=editor, reason="pending already")


def test_override_sets_any_status_and_closes_open_leases(editor, reviewer):
    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    claim = claim_override_status(claim_id=claim.pk, editor=editor, status="not_a_claim", reason="a heading")
    assert claim.status == ClaimStatus.NOT_A_CLAIM
    held.refresh_from_db()
    assert held.state == AssignmentState.RELEASED
    assert Claim.objects.get(pk=claim.pk).lease_count == 0
    with pytest.raises(ClaimStateConflict):
        claim_override_status(claim_id=claim.pk, editor=editor, status="not_a_claim", reason="again")
    with pytest.raises(InvalidInput):
        claim_override_status(claim_id=claim.pk, editor=editor, status="disputed", reason="no")


def test_priorities_and_deadlines_follow_the_article(editor, reviewer, settings):
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 5
    plain = ClaimFactory(score=0.9)
    article = ArticleFactory()
    raised = ClaimFactory(article=article, score=0.1)
    sibling = ClaimFactory(article=article, score=0.2)
    claim_prioritise(claim_id=raised.pk, editor=editor, priority=2, reason="front page")
    article_set_review_settings(article_id=article.pk, editor=editor, priority=5, deadline=timezone.now())
    raised.refresh_from_db()
    sibling.refresh_from_db()
    assert (raised.priority, sibling.priority) == (7, 5)
    assert sibling.deadline is not None
    order = [claim_assign_next(reviewer=reviewer).claim_id for _ in range(3)]
    assert order == [raised.pk, sibling.pk, plain.pk]
    assert AuditEvent.objects.filter(action="article_review_settings", article=article).count() == 1


def test_changing_required_reviews_updates_waiting_claims_and_settles_those_complete(editor, reviewer, reviewer2):
    article = ArticleFactory(required_reviews=2)
    complete = ClaimFactory(article=article, score=0.9)
    waiting = ClaimFactory(article=article, score=0.1)
    _review(reviewer, "supported")  # rita reviews `complete`
    held_by_rob = claim_assign_next(reviewer=reviewer2)  # rob holds `complete` too
    assert held_by_rob.claim == complete
    article_set_review_settings(article_id=article.pk, editor=editor, required_reviews=1)
    complete.refresh_from_db()
    waiting.refresh_from_db()
    assert complete.status == ClaimStatus.SUPPORTED
    assert waiting.required_reviews == 1
    held_by_rob.refresh_from_db()
    assert held_by_rob.state == AssignmentState.RELEASED  # nobody reviews a settled claim
    article_set_review_settings(article_id=article.pk, editor=editor, required_reviews=3)
    waiting.refresh_from_db()
    complete.refresh_from_db()
    assert (waiting.required_reviews, complete.required_reviews) == (3, 1)
    with pytest.raises(InvalidInput):
        article_set_review_settings(article_id=article.pk, editor=editor, required_reviews=4)


def test_late_deadline_does_not_jump_the_queue(editor, reviewer):
    soon = ClaimFactory(article=ArticleFactory(deadline=timezone.now() + timedelta(hours=1)), score=0.1)
    ClaimFactory(article=ArticleFactory(deadline=timezone.now() + timedelta(days=1)), score=0.9)
    assert claim_assign_next(reviewer=reviewer).claim == soon


def test_reopening_a_flagged_claim_answers_its_open_flag(editor, reviewer):
    from reviews.models import CorrectionState, ExtractionCorrection
    from reviews.services.corrections import claim_flag_not_a_claim

    claim = ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer, reason="heading")
    claim_reopen(claim_id=claim.pk, editor=editor, reason="it is a claim")
    flag = ExtractionCorrection.objects.get(claim=claim)
    assert (flag.state, flag.decided_by) == (CorrectionState.REJECTED, editor)


def test_an_override_that_overrules_a_verdict_notifies_that_reviewer(reviewer, reviewer2, editor):
    from reviews.models import Notification

    claim = ClaimFactory(article=ArticleFactory(required_reviews=2))
    _review(reviewer, "supported")
    _review(reviewer2, "speculative")
    claim_override_status(claim_id=claim.pk, editor=editor, status="speculative", reason="the hedge governs")
    (notice,) = Notification.objects.filter(kind="adjudicated_against")
    assert notice.recipient == reviewer and notice.claim_id == claim.pk  # reviewer2 agreed: not told
    assert "overrode the status as Speculative" in notice.body and "the hedge governs" in notice.body
