"""Conflict-of-interest recusals: the queue never hands a recused reviewer such a claim."""

from __future__ import annotations

import pytest

from reviews.exceptions import InvalidRecusal, NotAllowed, NothingToReview, ReviewerUnavailable
from reviews.models import AuditEvent, Recusal
from reviews.selectors.recusals import claims_blocked_by_recusal
from reviews.services.queue import claim_assign_next, claim_hand_to, claims_open_for
from reviews.services.recusals import recusal_declare, recusal_withdraw
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def open_ids(reviewer) -> set[int]:
    return set(claims_open_for(reviewer=reviewer).values_list("pk", flat=True))


def test_a_topic_recusal_hides_the_desk_case_insensitively(reviewer, reviewer2):
    sport = ClaimFactory(article=ArticleFactory(desk="Sport"))
    world = ClaimFactory(article=ArticleFactory(desk="World"))
    recusal_declare(user=reviewer, reviewer_id=reviewer.pk, kind="topic", term="sport", reason="I coach a club")
    assert open_ids(reviewer) == {world.pk}
    assert open_ids(reviewer2) == {sport.pk, world.pk}
    event = AuditEvent.objects.get(action="recusal_declared")
    assert (event.actor, event.data["term"], event.reason) == (reviewer, "sport", "I coach a club")


def test_a_name_in_the_claim_or_the_article_text_hides_the_claim(reviewer):
    in_claim = ClaimFactory(text="Acme Holdings paid 3 million in fines last year.")
    in_article = ClaimFactory(
        text="The merger closed on Monday.", article=ArticleFactory(cleaned_text="A deal by ACME HOLDINGS ...")
    )
    other = ClaimFactory(text="The council met on Monday.")
    recusal_declare(user=reviewer, reviewer_id=reviewer.pk, kind="organisation", term="Acme Holdings")
    assert open_ids(reviewer) == {other.pk}
    assert {in_claim.pk, in_article.pk}.isdisjoint(open_ids(reviewer))


def test_hand_out_and_hand_to_never_give_a_recused_claim(reviewer, editor):
    claim = ClaimFactory(text="Senator Jane Roe voted against the bill.")
    recusal_declare(user=editor, reviewer_id=reviewer.pk, kind="person", term="jane roe")
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer)
    with pytest.raises(ReviewerUnavailable, match="recused"):
        claim_hand_to(claim_id=claim.pk, reviewer_id=reviewer.pk, editor=editor)


def test_only_the_reviewer_or_an_editor_manages_recusals(reviewer, reviewer2, editor):
    with pytest.raises(NotAllowed):
        recusal_declare(user=reviewer2, reviewer_id=reviewer.pk, kind="topic", term="Sport")
    recusal = recusal_declare(user=editor, reviewer_id=reviewer.pk, kind="topic", term="Sport")
    with pytest.raises(InvalidRecusal, match="already"):
        recusal_declare(user=reviewer, reviewer_id=reviewer.pk, kind="topic", term="Sport")
    with pytest.raises(InvalidRecusal):
        recusal_declare(user=reviewer, reviewer_id=reviewer.pk, kind="topic", term=" x ")
    with pytest.raises(InvalidRecusal):
        recusal_declare(user=editor, reviewer_id=editor.pk, kind="topic", term="Sport")  # not a reviewer
    with pytest.raises(NotAllowed):
        recusal_withdraw(user=reviewer2, recusal_id=recusal.pk)
    recusal_withdraw(user=reviewer, recusal_id=recusal.pk)
    assert not Recusal.objects.exists()
    assert AuditEvent.objects.filter(action="recusal_withdrawn", actor=reviewer).exists()


def test_claims_waiting_only_because_everyone_eligible_is_recused(reviewer, reviewer2):
    stuck = ClaimFactory(text="Acme Holdings paid 3 million in fines.")
    ClaimFactory(text="Acme Holdings hired 40 people.")  # rob may still take this one
    free = ClaimFactory(text="The council met on Monday.")
    recusal_declare(user=reviewer, reviewer_id=reviewer.pk, kind="organisation", term="acme")
    recusal_declare(user=reviewer2, reviewer_id=reviewer2.pk, kind="person", term="paid 3 million")
    blocked = claims_blocked_by_recusal()
    assert [(item.claim.pk, item.recused) for item in blocked] == [(stuck.pk, ["rita", "rob"])]
    assert free.pk not in {item.claim.pk for item in blocked}
