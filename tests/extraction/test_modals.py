"""Issue 17 item 2: epistemic "could / may / should" is a hedge; obligation and past ability are not.

Our own sentences (none taken from the corpus, the held-out articles or the outside data). Each is the
body of a one-sentence article, so the status is the pipeline's.
"""

from __future__ import annotations

import datetime

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


# Status class A of held-out set 3: "could" as past ability ("could once", the past of "can") and "may" granting or
# refusing permission in a rule ("may not", "may ... only", next to "must") are not hedges; an epistemic "may" in a
# main clause after a relative clause in the subject still is.
@pytest.mark.parametrize(
    "sentence",
    [
        "Otters could once be seen along the whole length of the canal.",
        "Ferries could once carry 600 passengers between the two islands.",
        "Beavers could also once be found in the marshes south of the town.",
        "Lynx could at one time be seen in the forests above the lake.",
        "Until 2021, the trust could sell land worth up to $2 million without a ballot.",
        "Before 2018, the port authority could set berth fees of up to $900 without a hearing.",
        "Prior to 2015, trawlers could land any amount of cod in the 3 northern ports.",
        "Under the old rules, councils could borrow up to $2 million without a ballot.",
        # rules: permission refused or restricted, next to an obligation
        "Landlords may not be evicted from the scheme for late repairs, and tenants may complain only once a year.",
        "Patients may not be discharged before 8 a.m., and each ward must keep a record of 3 checks a day.",
        "Drivers may park in the 40 marked bays only, and vans must use the rear yard.",
        "Each stallholder must hold a permit, and traders may sell hot food only after 11 a.m.",
        "Pupils may only use the 2 side gates, and visitors must sign in at reception.",
        "Staff may not accept gifts worth more than $50, and every gift must be recorded.",
        "Anglers may keep two fish a day, and every catch must be logged.",
        "Under the new lease, stallholders may not sublet their pitches, and rents may rise only once a year.",
        "Season-ticket prices may change no more than twice a year.",
    ],
)
def test_past_ability_and_rules_are_not_hedges(sentence: str) -> None:
    assert _statuses(sentence) == ["needs_source"]


@pytest.mark.parametrize(
    "sentence",
    [
        # a relative clause in the subject does not hide the main clause's hedge
        "Families who miss the deadline may struggle to find school places.",
        "Households that rely on oil heating could pay $400 more this winter.",
        "Drivers who use the bridge every day might face tolls of $6 from March.",
        "Farmers who planted early may lose a third of their crop to the frost.",
        "Shops that stay open late could see 20% more trade in December.",
        "Tenants who miss two payments are likely to lose their deposit.",
        # epistemic "may not", "could once again", and a rule word elsewhere do not make a grant
        "The new rules may not be enough to stop the 30 illegal dumps.",
        "Prices could once again rise above $90 a barrel.",
        "The museum may not reopen before 2027, whatever the board must decide.",
        "Regulators must act quickly, or bills may rise by 20% in April.",
        "The improvement may only last until the spring of 2026.",
    ],
)
def test_epistemic_may_and_could_stay_hedges(sentence: str) -> None:
    assert _statuses(sentence) == ["speculative"]


def _last_status(body: str) -> str:
    return [str(c.suggested_status) for c in extract_article("Local Briefing\n" + body).claims][-1]


# A "could" of an act right after a sentence set in a past period continues the narrative: the past of "can".
@pytest.mark.parametrize(
    ("body", "status"),
    [
        (
            "The covered market opened in 1998 with 60 stalls. Shoppers could pay by card at every stall.",
            "needs_source",
        ),
        ("In the 1970s the pier had a theatre and a ballroom. Visitors could dance there until 2 a.m.", "needs_source"),
        (
            "When the mine was working, the town had 9,000 residents. Miners could walk to the pit in 10 minutes.",
            "needs_source",
        ),
        (
            "Back then, the library stayed open until 10 p.m. Students could borrow up to 12 books at a time.",
            "needs_source",
        ),
        ("Until 2016, the ferry ran every hour. Passengers could take bicycles on board for free.", "needs_source"),
        # no past period before, or a prediction, a condition or an outcome of its own: a possibility
        (
            "The covered market will open in 2027 with 60 stalls. Shoppers could pay by card at every stall.",
            "speculative",
        ),
        ("The council approved the plan on Monday. Shoppers could pay by card at every stall.", "speculative"),
        ("The firm lost $3 million in 2018. Prices could rise by 10% next year.", "speculative"),
        ("The plant closed in 2019. Its 400 workers could lose their pensions.", "speculative"),
        ("The pier was built in 1890. Visitors could dance there again if the ballroom reopens.", "speculative"),
    ],
)
def test_a_could_after_a_past_period_is_past_ability(body: str, status: str) -> None:
    assert _last_status(body) == status


# "may not" refused to a class of people with no article is a rule; to "the team", for one occasion ("this year",
# "before May") or of a decision ("approve") it is a possibility. A rule stays a claim once its "may" is no hedge.
@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Residents may not water lawns between 9 a.m. and 6 p.m.", "needs_source"),
        ("Under-18s may not buy fireworks.", "needs_source"),
        ("Drivers may not use the bus lane before 7 p.m.", "needs_source"),
        ("Prisoners may not vote in local elections.", "needs_source"),
        ("Pupils may not wear jewellery, and phones must be handed in at the gate.", "needs_source"),
        ("Members may vote only once.", "needs_source"),
        ("The team may not play on Sunday.", "speculative"),
        ("Farmers may not plant this year.", "speculative"),
        ("Ministers may not approve the plan before May.", "speculative"),
        ("Shoppers may not notice the change.", "speculative"),
        ("Consumers may not spend as much on gifts in December.", "speculative"),
    ],
)
def test_may_not_refused_to_a_class_is_a_rule(sentence: str, status: str) -> None:
    assert _statuses(sentence) == [status]


def test_a_past_narrative_goes_on_through_a_run_of_could_sentences() -> None:
    body = (
        "The covered market opened in March 2014 with 60 stalls. Shoppers could pay by card at every stall. "
        "Traders could rent a pitch by the day. The council plans to close the market in 2027."
    )
    statuses = [str(c.suggested_status) for c in extract_article("Local Briefing\n" + body).claims]
    assert statuses == ["needs_source", "needs_source", "needs_source", "needs_source"]


# "may" for a class of people in the terms of a scheme (a fee, a permit, a charge) grants; a comparison, one
# occasion or an outcome after it is a possibility.
@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Members may bring a guest to any event, and the $5 entry fee still applies.", "needs_source"),
        ("Residents may apply for a parking permit online.", "needs_source"),
        ("Drivers may pay the congestion charge by phone or at 40 shops.", "needs_source"),
        ("Tenants may keep one pet, and a deposit of $200 is charged.", "needs_source"),
        ("Hirers may return bikes to any of the 30 docks, and the $1 unlock fee still applies.", "needs_source"),
        ("Prices may return to normal once the fee is scrapped.", "speculative"),
        ("Drivers may pay higher fees from May.", "speculative"),
        ("Residents may face fines of up to $500.", "speculative"),
        ("The council may raise parking charges next year.", "speculative"),
        ("Retailers may pass the new charge on to shoppers this year.", "speculative"),
    ],
)
def test_may_in_the_terms_of_a_scheme_grants(sentence: str, status: str) -> None:
    assert _statuses(sentence) == [status]


def test_a_year_frames_the_past_only_once_it_is_over() -> None:
    # "until 2023" was a past frame and "until 2024" was not, in 2026: the years that are over move with the calendar.
    this_year = datetime.date.today().year
    past = f"Until {this_year - 1}, the trust could sell land worth up to $2 million without a ballot."
    ongoing = f"Until {this_year}, the trust could sell land worth up to $2 million without a ballot."
    future = f"By {this_year + 4}, the trust could sell land worth up to $2 million without a ballot."
    assert could_is_past_ability(past, past.index("could"), past.index("could") + 5)
    assert not could_is_past_ability(ongoing, ongoing.index("could"), ongoing.index("could") + 5)
    assert not could_is_past_ability(future, future.index("could"), future.index("could") + 5)
    # a year after the "could" dates the predicted event, over or not
    predicted = f"Analysts said prices could rise 5% in {this_year - 1}."
    assert not could_is_past_ability(predicted, predicted.index("could"), predicted.index("could") + 5)


# A class of people that "may" do something within a concrete limit (how many, how often, when) is granted it by a
# rule with no fee or permit named; with a condition, a comparison, a change, an outcome or one occasion it is a
# possibility.
@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Visitors may bring one guest each.", "needs_source"),
        ("Pensioners may use their passes before 9:30 a.m. on weekdays.", "needs_source"),
        ("Clubs may keep a historic name on one stand.", "needs_source"),
        ("Nurses may carry over up to five unused leave days into the next year.", "needs_source"),
        ("Residents may park two cars on the street.", "needs_source"),
        ("Members may borrow up to six books at a time.", "needs_source"),
        ("Students may bring one calculator into the exam hall.", "needs_source"),
        ("Tenants may keep one cat or one dog in each flat.", "needs_source"),
        ("Each household may put out three bags of rubbish per week.", "needs_source"),
        ("Every pupil may take two library books home over the weekend.", "needs_source"),
        ("Anglers may catch three trout per day on the upper river.", "needs_source"),
        ("Cyclists may use the bus lane between 7 p.m. and 7 a.m.", "needs_source"),
        ("Shops may open for six hours on Sundays.", "needs_source"),
        ("Employees may work from home two days a week.", "needs_source"),
        ("Hunters may shoot one deer per season.", "needs_source"),
        ("Passengers may carry one bag of up to 8 kg on board.", "needs_source"),
        ("Households may pay $300 more this winter.", "speculative"),
        ("Investors may sell the shares if rates rise.", "speculative"),
        ("Shoppers may see higher prices.", "speculative"),
        ("Farmers may lose a third of their crop.", "speculative"),
        ("Some patients may need a second dose.", "speculative"),
        ("Commuters may face delays of up to 40 minutes.", "speculative"),
        ("Retailers may cut 2,000 jobs by the spring.", "speculative"),
        ("Voters may punish the ruling party in the May election.", "speculative"),
        ("Homeowners may spend an extra $1,200 on heating.", "speculative"),
        ("Drivers may take longer routes to avoid the toll.", "speculative"),
        ("Schools may close two campuses if enrolment keeps falling.", "speculative"),
        ("Airlines may raise fares by 10 percent.", "speculative"),
        ("Tourists may stay away from the coast after the storm.", "speculative"),
        ("Banks may tighten lending to small firms.", "speculative"),
        ("Developers may build fewer homes in the region.", "speculative"),
        ("Workers may lose up to two days of pay.", "speculative"),
        ("Customers may receive their refunds within three weeks.", "speculative"),
        ("Parents may pay twice as much for childcare.", "speculative"),
        ("Drivers may park in the square for up to two hours.", "needs_source"),
        ("Guests may bring one bottle of wine per table.", "needs_source"),
        ("Fans may take a single bag into the stadium.", "needs_source"),
        ("Members may invite two friends each month.", "needs_source"),
        ("Veterans may ride the buses free on weekdays.", "needs_source"),
        ("Contestants may enter once per day.", "needs_source"),
        ("Teachers may strike for two days next month.", "speculative"),
        ("Fans may stay at home on Sundays after the price rise.", "speculative"),
        ("Patients may wait up to six months for surgery.", "speculative"),
        ("Residents may lose power for up to two days.", "speculative"),
        ("Migrants may try to cross the border at night.", "speculative"),
        ("Buyers may pay up to 20 percent more for new homes.", "speculative"),
        ("Pupils may fall one year behind in reading.", "speculative"),
        ("Motorists may queue for up to an hour at the border.", "speculative"),
        ("Tenants may struggle to pay rent each month.", "speculative"),
        ("Small firms may hire one fewer worker each.", "speculative"),
    ],
)
def test_may_with_a_concrete_limit_grants_an_entitlement(sentence: str, status: str) -> None:
    assert _statuses(sentence) == [status]


# Status class 3 (status5): advice to people stated with "should" is a rule stated as fact, even when its verb is one
# of outcome ("stay", "remain", "return", "arrive") or a relative clause sits in the subject; the same verbs with a
# thing as subject ("inflation should stay below 3%") still predict.
@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("People who have been ill should stay home for 48 hours after their symptoms stop.", "needs_source"),
        ("Travellers should carry their passports at all times.", "needs_source"),
        ("Patients should not drive for 24 hours after the procedure.", "needs_source"),
        ("Children with a fever should stay off school for two days.", "needs_source"),
        ("Anyone who tests positive should remain at home for five days.", "needs_source"),
        ("Visitors who feel unwell should avoid the ward for 72 hours.", "needs_source"),
        ("Drivers should stay below 50 mph on the bridge.", "needs_source"),
        ("Patients should return for a second dose after eight weeks.", "needs_source"),
        ("Passengers should arrive at least two hours before departure.", "needs_source"),
        ("Staff who handle food should wash their hands every 30 minutes.", "needs_source"),
        ("Prices should ease by spring.", "speculative"),
        ("The bridge should reopen next week.", "speculative"),
        ("Inflation should stay below 3% for the rest of the year.", "speculative"),
        ("The warm weather should remain until Friday.", "speculative"),
        ("Unemployment should stay near 4% next year.", "speculative"),
        ("Visitor numbers should return to 2019 levels next year.", "speculative"),
        ("Demand should remain strong through 2027.", "speculative"),
        ("Analysts say prices should stay high until March.", "speculative"),
        ("Those who are over 65 should remain indoors during the heatwave.", "needs_source"),
        ("Pupils should arrive by 8:30 a.m. every day.", "needs_source"),
        ("Passenger numbers should remain below 2019 levels until 2027.", "speculative"),
        ("Interest rates should stay at 4% until the summer.", "speculative"),
    ],
)
def test_advice_to_people_with_should_is_a_rule_not_a_hedge(sentence: str, status: str) -> None:
    assert _statuses(sentence) == [status]
