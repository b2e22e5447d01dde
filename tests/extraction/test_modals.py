"""Issue 17 item 2: epistemic "could / may / should" is a hedge; obligation and past ability are not.

Our own sentences (none taken from the corpus, the held-out articles or the outside data). Each is the
body of a one-sentence article, so the status is the pipeline's.
"""

from __future__ import annotations

import pytest

from reviews.extraction.modals import could_is_past_ability, should_is_epistemic
from reviews.extraction.pipeline import extract_article


def _statuses(body: str) -> list[str]:
    return [str(c.suggested_status) for c in extract_article("Local Briefing\n" + body).claims]


@pytest.mark.parametrize(
    "sentence",
    [
        # epistemic "should": an outcome nobody performs, a state reached, a comparison
        "Mortgage rates should ease to 5% by the end of next year.",
        "The new ferry terminal should open in May 2027.",
        "Water levels in the reservoir should recover after the spring rains.",
        "The resurfacing work should take about six weeks.",
        "The second runway should be ready before the 2028 summer season.",
        "Grain prices should be higher than last year's by the autumn.",
        "Ticket revenue should rise by $2 million once the line reaches the airport.",
        "The heatwave should last until Thursday in the northern districts.",
        "The tax change should help about 40,000 families in the county.",
        "Construction of the bridge should finish ahead of the 2026 deadline.",
        # epistemic "could" and "may"
        "The storm could cut power to 3,000 homes along the coast.",
        "In 2027 the city could run out of landfill space.",
        "Rents may rise by 8% in the district next year.",
        "The plant could have produced twice as much with a second shift.",
        "By 2030 the county could lose a third of its dairy farms.",
    ],
)
def test_epistemic_modals_are_hedges(sentence: str) -> None:
    assert _statuses(sentence) == ["speculative"]


@pytest.mark.parametrize(
    "sentence",
    [
        # obligation: a demand made of an agent
        "The council should publish its accounts within 30 days of the audit.",
        "Landlords should register every rental flat with the housing office by 2026.",
        "Operators must file a safety report after each of the 12 inspections.",
        "The ministry should open its books to the 4 independent auditors.",
        "Every school should take action on the 15 recommendations in the report.",
        "The company should pay the $3 million fine before appealing.",
        "Drivers should not park in the 200 new bus lanes.",
        "The board has to approve the $12 million budget by June.",
        # past ability: the past of "can"
        "In 2010 she could run a mile in under five minutes.",
        "As a child, the senator could recite all 50 state capitals.",
        "Before the dam was built, farmers could irrigate only half of their 900 fields.",
        "In the 1990s the plant could assemble 400 cars a day.",
        "Until the bridge opened in 1998, villagers could cross the river only by ferry.",
        "Years ago, residents could buy a three-bedroom house for $60,000.",
        "The county widened the road in 2015 so that trucks could reach the quarry.",
    ],
)
def test_obligation_and_past_ability_are_not_hedges(sentence: str) -> None:
    assert _statuses(sentence) == ["needs_source"]


@pytest.mark.parametrize(
    ("sentence", "epistemic"),
    [
        ("Prices should fall.", True),
        ("Prices should not fall much.", True),
        ("The museum should reopen in June.", True),
        ("The museum should reopen its west wing.", False),
        ("The audit should take two months.", True),
        ("The audit should take account of pensions.", False),
        ("The hall should be finished by March.", True),
        ("The mayor should be held accountable.", False),
        ("The mayor should resign.", False),
        ("Should the talks fail, the strike will go ahead.", False),
        # an embedded question asks about duty or design: no prediction
        ("Engineers must decide what should happen to the bridge.", False),
        ("The inquiry will determine who should pay for the repairs.", False),
        ("Nobody has said whether the fares should rise.", False),
        # "which" and "who" after a noun open a relative clause, where the prediction stays
        ("The parts, which should arrive in May, were ordered in March.", True),
        ("Tenants who should benefit from the cut were not consulted.", True),
    ],
)
def test_should_reading(sentence: str, epistemic: bool) -> None:
    start = sentence.index("hould") - 1
    assert should_is_epistemic(sentence, start, start + len("should")) is epistemic


@pytest.mark.parametrize(
    ("sentence", "past_ability"),
    [
        ("In 2010 she could run a mile.", True),
        ("Back then the mill could grind ten tons a day.", True),
        ("Last year the port could handle 40 ships a week.", True),
        ("In 2010 she could have run a mile.", False),  # counterfactual
        ("The port could handle 40 ships a week next year.", False),  # prediction
        ("The port could handle 40 ships a week.", False),  # no past frame: a possibility
        ("The report, published in 2012, said the port could be expanded.", False),
    ],
)
def test_could_reading(sentence: str, past_ability: bool) -> None:
    start = sentence.index("could")
    assert could_is_past_ability(sentence, start, start + len("could")) is past_ability


def test_a_named_source_still_supports_an_epistemic_should() -> None:
    assert _statuses("Prices should ease by the end of 2027, the finance ministry said on Monday.") == ["supported"]


# A past frame inside a relative clause or an aside dates that clause, not the main clause's "could".
@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The airline, which lost $40 million last year, could cut 300 jobs.", "speculative"),
        ("The mill, built in the 1990s, could close by the end of the month.", "speculative"),
        ("The council, which in 2019 raised fees by 10%, could freeze them again.", "speculative"),
        ("In the 1990s the mill, which employed 400 people, could grind ten tons a day.", "needs_source"),
    ],
)
def test_a_past_frame_in_a_relative_clause_does_not_make_could_past(sentence: str, status: str) -> None:
    assert _statuses(sentence) == [status]
