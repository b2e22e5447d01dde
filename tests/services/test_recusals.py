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


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("Ford", "Oxford University raised its fees.", False),
        ("Ford", "Ford's new plant opened.", True),
        ("Ford", "The FORD plant opened.", True),
        ("Ford", "Fordham students protested.", False),
        ("Ford", "A ford_fund payment.", False),  # an underscore joins words
        ("Café", "The café on the square closed.", True),
        ("Café", "LE CAFÉ NOIR closed.", True),
        ("Café", "Cafés closed early.", False),
        ("Jane Roe", "Senator Jane\nRoe voted.", True),
        ("Jane Roe", "Jane Roedel voted.", False),
        ("AT&T", "A deal with AT&T closed.", True),
        ("C++ Foundation", "The c++ foundation said so.", True),
        ("Müller", "Thomas MÜLLER scored.", True),
        ("Müller", "Thomas Müllerson scored.", False),
    ],
)
def test_names_match_whole_words_case_insensitively_in_the_queue_and_in_python(reviewer, editor, term, text, matches):
    """One rule (``recusal_name_pattern``) in the database's query and in ``recusal_matches``."""
    from reviews.selectors.recusals import recusal_matches

    in_claim = ClaimFactory(text=text)
    in_article = ClaimFactory(text="The council met.", article=ArticleFactory(cleaned_text=f"Intro. {text} End."))
    recusal = recusal_declare(user=editor, reviewer_id=reviewer.pk, kind="organisation", term=term)
    assert (in_claim.pk not in open_ids(reviewer)) is matches
    assert (in_article.pk not in open_ids(reviewer)) is matches
    assert recusal_matches(recusal, in_claim) is matches
    assert recusal_matches(recusal, in_article) is matches


def test_the_hand_out_skips_what_any_of_many_recusals_covers(reviewer, editor, settings):
    """Names and topics together; the hand-out, the count and hand_to agree."""
    settings.REVIEW_MAX_LEASES_PER_REVIEWER = 5
    covered = [
        ClaimFactory(text="Ford recalled 3,000 cars.", score=0.9),
        ClaimFactory(text="The plant closed.", score=0.8, article=ArticleFactory(cleaned_text="Acme Holdings ...")),
        ClaimFactory(text="Prices rose 4%.", score=0.7, article=ArticleFactory(desk="Sport")),
    ]
    free = ClaimFactory(text="Oxford raised its fees by 9%.", score=0.1)
    for kind, term in [("organisation", "Ford"), ("organisation", "acme holdings"), ("topic", "sport")]:
        recusal_declare(user=editor, reviewer_id=reviewer.pk, kind=kind, term=term)
    for index in range(47):
        recusal_declare(user=editor, reviewer_id=reviewer.pk, kind="person", term=f"Person Number{index}")
    assert open_ids(reviewer) == {free.pk}
    assert claim_assign_next(reviewer=reviewer).claim_id == free.pk
    with pytest.raises(NothingToReview):
        claim_assign_next(reviewer=reviewer)
    for claim in covered:
        with pytest.raises(ReviewerUnavailable, match="recused"):
            claim_hand_to(claim_id=claim.pk, reviewer_id=reviewer.pk, editor=editor)
