from __future__ import annotations

import pytest

from reviews.extraction.claims import judge
from reviews.extraction.cues import analyse
from reviews.extraction.types import CueKind, Sentence, Status


def judged(text: str, **flags: bool):  # type: ignore[no-untyped-def]
    return judge(Sentence(text, 0, len(text), **flags))


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # named sources, also when the quoted content is hedged
        ("The bank’s chief economist, Ana Lee, said rates could fall next year.", Status.SUPPORTED),
        ("The budget was approved, the council said in a statement.", Status.SUPPORTED),
        ("Prices rose 4%, according to figures published by the Statistics Office.", Status.SUPPORTED),
        ("“It is over. We lost,” said Mayor Tom Diaz.", Status.SUPPORTED),
        ("Analysts at Harcourt Securities said in a note that they expect a cut in June.", Status.SUPPORTED),
        ("The state sent 12 epidemiologists, according to a department spokesperson.", Status.SUPPORTED),
        # vague or no source, unhedged
        ("The council approved the budget on Tuesday.", Status.NEEDS_SOURCE),
        ("Experts say the ferry carried 1.2 million passengers in 2023.", Status.NEEDS_SOURCE),
        ("The budget takes effect on July 1.", Status.NEEDS_SOURCE),
        ("Violators face fines of $100 per day.", Status.NEEDS_SOURCE),
        ("Under state law, a school may exclude unvaccinated pupils for 21 days.", Status.NEEDS_SOURCE),
        ("Contact tracers have identified 600 people who may have been exposed.", Status.NEEDS_SOURCE),
        ("The mayor, perhaps sensing the mood, postponed the vote.", Status.NEEDS_SOURCE),
        # hedged main clause, or an unnamed group's opinion
        ("The company, which had $3 billion in sales, could cut 800 jobs.", Status.SPECULATIVE),
        ("Critics warn that the cables might disrupt scallop beds.", Status.SPECULATIVE),
        ("Analysts believe the deal will close in May.", Status.SPECULATIVE),
        ("Additional exposure sites are likely to be announced in the coming days.", Status.SPECULATIVE),
        ("Whether the lander survives the night remains to be seen.", Status.SPECULATIVE),
        ("Several firms might welcome a single standard, according to some industry insiders.", Status.SPECULATIVE),
        ("Industry lobbyists are expected to push for amendments.", Status.SPECULATIVE),
        ("Scientists have long warned that hotter summers make fires more frequent.", Status.SPECULATIVE),
        ("The decision was widely criticised.", Status.SPECULATIVE),
        ("Whether they will succeed is anyone’s guess.", Status.SPECULATIVE),
        ("Johnson told the BBC that the deal will be signed within days.", Status.SUPPORTED),
        ("Researchers at Oxford University found that the drug cut deaths by a third.", Status.SUPPORTED),
        ("The ministry has repeatedly said exports rose.", Status.SUPPORTED),
        ("Officials have publicly denied the report.", Status.NEEDS_SOURCE),
    ],
)
def test_status_follows_the_labelling_rules(text: str, status: Status) -> None:
    result = judged(text)
    assert result.is_claim
    assert result.status is status


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("What Comes Next", {"is_heading": True}),
        ("So what exactly is in the bill?", {}),
        ("Several factors shaped the decision:", {}),
        ("Let us know in the comments.", {}),
        ("Let’s take a closer look at why this matters.", {}),
        ("In this article, we take a closer look at what the pause means for households.", {}),
        ("Here’s what we know so far.", {}),
        ("This is a fascinating time.", {}),
        ("But not everyone is celebrating.", {}),
        ("Subscribe to our newsletter for more.", {}),
        ("Donate to the Red Cross.", {}),
        ("It is a heartbreaking scene.", {}),
        # Labelled recommendations: a Title Case label, a colon, a verb in its base form.
        ("Proactive Engagement: Establish open lines of communication focused on shared concerns.", {}),
        ("Commitment To Human Rights: Ensure any concessions do not undermine advocacy efforts.", {}),
        ("Collaborative Efforts With Allies: Work closely alongside European partners and NATO members.", {}),
    ],
)
def test_non_claims_are_rejected(text: str, flags: dict[str, bool]) -> None:
    assert not judged(text, **flags).is_claim


@pytest.mark.parametrize(
    "text",
    [
        "Wage growth: Average hourly earnings rose 5.4% in the year to November.",  # a number: a fact
        "Key finding: Report shows the economy grew faster than forecast last year.",  # noun subject + verb
        "Deteriorating Alliances: Traditional partnerships might begin unraveling as members reevaluate ties.",
        "Energy Markets: Strengthened Russian energy dominance could reshape global markets.",
        "Outlook: Open markets have lifted exports across the region, the ministry said.",  # adjective first
    ],
)
def test_labelled_list_items_that_state_something_stay_claims(text: str) -> None:
    assert judged(text).is_claim


def test_score_is_a_probability_and_ranks_facts_above_fluff() -> None:
    fact = judged("Unemployment rose to 4.8% in March from 3.9% a year earlier, the ministry said.")
    fluff = judged("This is a fascinating time.")
    assert 0.0 <= fluff.score < fact.score <= 1.0


def test_cues_carry_kinds_and_offsets_into_the_sentence() -> None:
    text = "Critics warn the plan could cost $2 million, according to the Treasury."
    result = judged(text)
    kinds = {cue.kind for cue in result.cues}
    assert {CueKind.HEDGE, CueKind.ATTRIBUTION, CueKind.FACT} <= kinds
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text


def test_hedge_scope_excludes_relative_clauses_and_asides() -> None:
    analysis = analyse("Tracers found 600 people who may have been exposed, officials said.")
    assert not analysis.hedges and analysis.scoped_hedges


def test_uncertain_flags_weasel_words() -> None:
    def uncertain(text: str) -> bool:
        return judge(Sentence(text, 0, len(text)), weasels=True).uncertain

    assert uncertain("Some observers fear the plan is too costly.")
    assert uncertain("The plan is widely considered the best in the region.")
    assert not uncertain("The council approved the budget on Tuesday.")


# Issue 17, claims vs non-claims (made-up cases): a short concrete event is checkable even without a number
# or a name; a pronoun with an indefinite predicate, a question, a call to action or a transition is not.
@pytest.mark.parametrize(
    "text",
    [
        "Airline stocks fell sharply.",
        "Ticket prices rose.",
        "The mayor resigned.",
        "Nobody was hurt.",
        "The bridge will reopen in the spring.",
        "Construction crews will stay on site to finish the shell of the building.",
        "It is the first time the court has ruled on the issue.",
        "The law bans smoking in parks.",
        "The company makes batteries.",
        "Negotiations broke down.",
        "Entry is free for children.",
        "The ruling can be appealed.",
    ],
)
def test_a_concrete_checkable_statement_is_a_claim(text: str) -> None:
    assert judged(text).is_claim


@pytest.mark.parametrize(
    "text",
    [
        "It is a story that is far from over.",
        "It was a night to remember.",
        "That is a question for another day.",
        "This is a big deal.",
        "Fans were delighted.",
        "We will find out soon enough.",
        "Now, the hard work begins.",
        "Should other councils follow suit?",
        "Tell us what you think in the comments below.",
        "Let's take a closer look at the numbers.",
        "Key dates for applicants:",
        "The answer is complicated.",
        "Readers can find the full report on our website.",
        "The numbers tell the story.",
        "The debate continues.",
        "Here are five things to know.",
        "The rest, as they say, is history.",
        "The future looks bright.",
        "Don't forget to share this article.",
    ],
)
def test_opinion_questions_calls_to_action_and_transitions_are_not_claims(text: str) -> None:
    assert not judged(text).is_claim


# Short market reports, rankings stated as fact and concrete consequences (conditional main clause, a clause
# after a semicolon, no obligation stated as a rule) are checkable though short or low on the debate model.
@pytest.mark.parametrize(
    "text",
    [
        "Copper prices were little changed.",
        "Silver was flat.",
        "The euro was steady against the dollar.",
        "Treasury yields ended mixed.",
        "Bond prices move inversely to yields.",
        "European stocks closed higher.",
        "Heatstroke is the main risk.",
        "Falls are the leading cause of injury among older people.",
        "Smoking remains the biggest preventable cause of death.",
        "If the board rejects the bid, the merger will lapse.",
        "Unless parliament extends the deadline, the scheme will close in March.",
        "If the appeal fails, the original sentence will stand.",
        "Tenants do not need to reapply; existing leases will be transferred automatically.",
        "Passengers do not need to rebook.",
        "Pupils are not required to wear uniform.",
        "Nothing changes for savers; interest will be paid as before.",
        "If the bridge fails its inspection, the council will close it to lorries.",
    ],
)
def test_a_short_report_ranking_or_consequence_is_a_claim(text: str) -> None:
    assert judged(text).is_claim


@pytest.mark.parametrize(
    "text",
    [
        "This is a fascinating time.",
        "Markets are fascinating.",
        "Patience is the main thing.",
        "This is the main thing.",
        "If we wait, it will be too late.",
        "If the rain holds off, the final will be a classic.",
        "You do not need to be an expert to enjoy this.",
        "We do not need to panic.",
        "If you ask me, they will regret it.",
        "Do prices move with the news?",
        "Let's look at what moved markets today.",
        "Tell us whether gold is the best bet.",
        "If you want to help, sign up today.",
        "If you spot a leak, call the water board on its hotline.",
        "When in doubt, contact your bank.",
        "If you missed it, read our guide to the new rules.",
    ],
)
def test_empty_opinions_conditions_and_calls_to_action_stay_non_claims(text: str) -> None:
    assert not judged(text).is_claim
