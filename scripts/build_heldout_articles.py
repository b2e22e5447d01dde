# ruff: noqa: E501  (aligned article text: one raw/gold pair per line reads best unwrapped)
"""Write the held-out test articles (raw .txt with debris + gold .json) from one aligned source.

Each article is a list of lines; each line is a list of segments ``(raw, gold, label)``: ``raw`` is the
scraped text (with debris), ``gold`` the sentence as it should read after cleaning, ``label`` one of
supported / speculative / needs_source / non (a non-claim) / boiler (a dropped line, gold unused).
Glued raw tokens that must not survive cleaning are listed per article. Run once; the output is committed.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "extraction" / "data" / "heldout"

S, P, N, X, B = "supported", "speculative", "needs_source", "non", "boiler"

ARTICLES: dict[str, tuple[list[list[tuple[str, str, str]]], list[str]]] = {
    "ho01_river_bridge": (
        [
            [("<h1>Corvale Opens Repaired Granite Street Bridge Six Weeks Late</h1>",
              "Corvale Opens Repaired Granite Street Bridge Six Weeks Late", X)],
            [("The Granite Street bridge reopened to traffic on Monday after a $14.2 million repair that ran six weeks past its deadline . ",
              "The Granite Street bridge reopened to traffic on Monday after a $14.2 million repair that ran six weeks past its deadline.", N),
             ("Roughly 21,000 vehicles crossed the span each day before it closed in March, according to counts published by the Corvale Transport Department.",
              "Roughly 21,000 vehicles crossed the span each day before it closed in March, according to counts published by the Corvale Transport Department.", S)],
            [("Advertisement", "", B)],
            [("Mayor Ilse Brandt has indicated openness to a toll on heavy trucks, which wear the deck far faster than cars .",
              "Mayor Ilse Brandt has indicated openness to a toll on heavy trucks, which wear the deck far faster than cars.", N),
             (" The city council&rsquo;s finance committee rejected a similar toll in 2021.",
              "The city council’s finance committee rejected a similar toll in 2021.", N)],
            [("Engineers found corrosion in 40 of the 112 steel bearings, the department said in its final inspection report.",
              "Engineers found corrosion in 40 of the 112 steel bearings, the department said in its final inspection report.", S),
             (" The work could be repeated within a decade if winter salt use does not fall, some observers warn.",
              "The work could be repeated within a decade if winter salt use does not fall, some observers warn.", P)],
            [("What Changes for Drivers", "What Changes for Drivers", X)],
            [("- Speed limit: Vehicles must keep to 30 mph on the span.",
              "Speed limit: Vehicles must keep to 30 mph on the span.", N)],
            [("- Cyclists: A protected lane now runs along the northside of the bridge.",
              "Cyclists: A protected lane now runs along the north side of the bridge.", N)],
            [("Traffic on the detour route through theRiverside district rose 35% during the closure.The delays drew more than 900 complaints.",
              "Traffic on the detour route through the Riverside district rose 35% during the closure.", N),
             ("", "The delays drew more than 900 complaints.", N)],
            [("The reopening is likely to ease congestion on Harbor Road by the end of the month.",
              "The reopening is likely to ease congestion on Harbor Road by the end of the month.", P)],
            [("“We owe residents an apology for the delay,” deputy transport director Amos Keel said on Monday.",
              "“We owe residents an apology for the delay,” deputy transport director Amos Keel said on Monday.", S)],
            [("Share this article", "", B)],
            [("What do you think of the new bridge? Tell us in the comments.",
              "What do you think of the new bridge?", X),
             ("", "Tell us in the comments.", X)],
        ],
        ["theRiverside", "northside", "closure.The"],
    ),
    "ho02_chip_plant": (
        [
            [("Veltra Semiconductor Delays Second Chip Plant to 2028", "Veltra Semiconductor Delays Second Chip Plant to 2028", X)],
            [("Veltra Semiconductor has pushed back the opening of its second fabrication plant in Oresund County to 2028, the company said in a filing on Tuesday.",
              "Veltra Semiconductor has pushed back the opening of its second fabrication plant in Oresund County to 2028, the company said in a filing on Tuesday.", S)],
            [("The plant was meant to produce AIchips for data centres from late 2026 .",
              "The plant was meant to produce AI chips for data centres from late 2026.", N),
             (" Demand for generativeAI hardware has grown faster than the industry&#8217;s capacity since 2023.",
              "Demand for generative AI hardware has grown faster than the industry’s capacity since 2023.", N)],
            [("The delay may cost the county up to 1,400 construction jobs next year.",
              "The delay may cost the county up to 1,400 construction jobs next year.", P)],
            [("< div class=\"related\" >", "", B)],
            [("Read more: Chip subsidies explained", "", B)],
            [("Commerce minister Dalia Ortun signalled support for a revised subsidy package during a visit to the site.",
              "Commerce minister Dalia Ortun signalled support for a revised subsidy package during a visit to the site.", N),
             (" The state had already pledged $2.1 billion in tax credits to the project in 2022.",
              "The state had already pledged $2.1 billion in tax credits to the project in 2022.", N)],
            [("Veltra chief executive Peter Lind told analysts on a call that higher equipment costs forced the company to rethink its schedule.",
              "Veltra chief executive Peter Lind told analysts on a call that higher equipment costs forced the company to rethink its schedule.", S)],
            [("Shares of Veltra fell 6.4% on Tuesday after the announcement.Analysts at Norberg Capital cut their price target to $88.",
              "Shares of Veltra fell 6.4% on Tuesday after the announcement.", N),
             ("", "Analysts at Norberg Capital cut their price target to $88.", N)],
            [("In the early 2000s, the county could attract large factories with cheap land alone.",
              "In the early 2000s, the county could attract large factories with cheap land alone.", N)],
            [("Industry analysts believe the company should be able to recover the lost time once new tools arrive.",
              "Industry analysts believe the company should be able to recover the lost time once new tools arrive.", P)],
            [("Key takeaways:", "Key takeaways:", X)],
            [("• The first Veltra plant employs 3,200 people and runs at full capacity.",
              "The first Veltra plant employs 3,200 people and runs at full capacity.", N)],
            [("• Construction crews will stay on site to finish the shell of the building.",
              "Construction crews will stay on site to finish the shell of the building.", N)],
        ],
        ["AIchips", "generativeAI", "announcement.Analysts"],
    ),
    "ho03_school_meals": (
        [
            [("Free School Meals Reach 48,000 Pupils in Lanmoor", "Free School Meals Reach 48,000 Pupils in Lanmoor", X)],
            [("Lanmoor&#39;s free school meal programme now feeds 48,000 pupils a day, according to the county education office.",
              "Lanmoor's free school meal programme now feeds 48,000 pupils a day, according to the county education office.", S)],
            [("The programme began in September with a budget of $31 million for its first year .",
              "The programme began in September with a budget of $31 million for its first year.", N)],
            [("Photo: Pupils at Eastfield Primary queue for lunch (Lanmoor Gazette)", "", B)],
            [("Attendance at participating schools rose 2.3 percentage points in the autumn term, the office said in a report released on Thursday.",
              "Attendance at participating schools rose 2.3 percentage points in the autumn term, the office said in a report released on Thursday.", S)],
            [("Head teachers say the meals have improved concentration in afternoon classes.",
              "Head teachers say the meals have improved concentration in afternoon classes.", N)],
            [("The scheme might need an extra $6 million next year if food prices keep rising.",
              "The scheme might need an extra $6 million next year if food prices keep rising.", P),
             (" Schools must serve at least one portion of vegetables with every meal .",
              "Schools must serve at least one portion of vegetables with every meal.", N)],
            [("Education secretary Nadia Fenn, who visited three schools this week, has championed the programme since 2021.",
              "Education secretary Nadia Fenn, who visited three schools this week, has championed the programme since 2021.", N)],
            [("“Every child should get a hot lunch, and now every child in Lanmoor does,” Fenn told the Lanmoor Gazette.",
              "“Every child should get a hot lunch, and now every child in Lanmoor does,” Fenn told the Lanmoor Gazette.", S)],
            [("Local farms supply about a third of the vegetables , and the county buys the rest through a regional foodwholesaler.",
              "Local farms supply about a third of the vegetables, and the county buys the rest through a regional food wholesaler.", N)],
            [("Critics warn the costs could crowd out spending on school repairs.",
              "Critics warn the costs could crowd out spending on school repairs.", P)],
            [("Sign up for our education newsletter", "", B)],
        ],
        ["foodwholesaler"],
    ),
    "ho04_wind_auction": (
        [
            [("Offshore Wind Auction Draws Record Bids off Kestrel Bay", "Offshore Wind Auction Draws Record Bids off Kestrel Bay", X)],
            [("Developers bid a combined $3.7 billion for five lease areas off Kestrel Bay, the national energy regulator said on Friday.",
              "Developers bid a combined $3.7 billion for five lease areas off Kestrel Bay, the national energy regulator said on Friday.", S)],
            [("The winning bid of $1.1 billion came from a consortium led by Norvik Power .",
              "The winning bid of $1.1 billion came from a consortium led by Norvik Power.", N),
             (" The areas together could host about 6 gigawatts of turbines.",
              "The areas together could host about 6 gigawatts of turbines.", P)],
            [("<strong>Why it matters</strong>", "Why it matters", X)],
            [("The country generated 14% of its electricity from wind in 2024, up from 9% in 2019, according to data from the Grid Operator.",
              "The country generated 14% of its electricity from wind in 2024, up from 9% in 2019, according to data from the Grid Operator.", S)],
            [("Energy minister Jonas Aalto announced a new port upgrade in Kestrel Bay to assemble the turbines.",
              "Energy minister Jonas Aalto announced a new port upgrade in Kestrel Bay to assemble the turbines.", N)],
            [("Fishing groups fear the turbines may disrupt the bay&rsquo;s cod grounds.",
              "Fishing groups fear the turbines may disrupt the bay’s cod grounds.", P)],
            [("The first turbines are expected to turn by 2030.",
              "The first turbines are expected to turn by 2030.", P),
             (" Lease holders must submit a construction plan within four years.",
              "Lease holders must submit a construction plan within four years.", N)],
            [("Turbine prices rose about 20% between 2021 and 2023 as steel and shipping costs climbed, the regulator wrote in its auction notice.",
              "Turbine prices rose about 20% between 2021 and 2023 as steel and shipping costs climbed, the regulator wrote in its auction notice.", S)],
            [("Some analysts suggest that the high bids reflect confidence in long-termdemand for clean power.",
              "Some analysts suggest that the high bids reflect confidence in long-term demand for clean power.", P)],
            [("The last auction, in 2022, raised $800 million.The regulator plans another round next year.",
              "The last auction, in 2022, raised $800 million.", N),
             ("", "The regulator plans another round next year.", N)],
            [("Image credit: Norvik Power", "", B)],
        ],
        ["long-termdemand", "million.The"],
    ),
    "ho05_hospital_wait": (
        [
            [("Emergency Waits at Saint Aldric Hospital Fall for Third Month", "Emergency Waits at Saint Aldric Hospital Fall for Third Month", X)],
            [("The median wait in the emergency department at Saint Aldric Hospital fell to 3 hours 10 minutes in May, the hospital trust said in its monthly figures.",
              "The median wait in the emergency department at Saint Aldric Hospital fell to 3 hours 10 minutes in May, the hospital trust said in its monthly figures.", S)],
            [("The wait had peaked at 5 hours 40 minutes in January , when a flu outbreak filled 96% of beds.",
              "The wait had peaked at 5 hours 40 minutes in January, when a flu outbreak filled 96% of beds.", N)],
            [("The trust hired 64 nurses and opened a new urgent care unit in March .",
              "The trust hired 64 nurses and opened a new urgent care unit in March.", N)],
            [("Health minister Orla Venn has pledged to cut waits nationwide by a fifth before the next election.",
              "Health minister Orla Venn has pledged to cut waits nationwide by a fifth before the next election.", N)],
            [("Advertisement", "", B)],
            [("Doctors&#8217; unions say staff shortages remain severe on night shifts.",
              "Doctors’ unions say staff shortages remain severe on night shifts.", N),
             (" The improvement may not last through the winter, some clinicians suggest.",
              "The improvement may not last through the winter, some clinicians suggest.", P)],
            [("Patients should call the NHSdirect line before going to the emergency department, the trust&#8217;s medical director Dr. Kwame Osei said.",
              "Patients should call the NHS direct line before going to the emergency department, the trust’s medical director Dr. Kwame Osei said.", S)],
            [("Ambulance handover delays fell by half compared with last year .",
              "Ambulance handover delays fell by half compared with last year.", N)],
            [("Waits are likely to rise again when the unit closes for refurbishment in the autumn.",
              "Waits are likely to rise again when the unit closes for refurbishment in the autumn.", P)],
            [("Let's look at what this means for patients.", "Let's look at what this means for patients.", X)],
            [("Visitors must wear masks in the respiratory ward.",
              "Visitors must wear masks in the respiratory ward.", N)],
        ],
        ["NHSdirect"],
    ),
    "ho06_housing_permits": (
        [
            [("Housing Permits in Belmarsh Climb to Ten-Year High", "Housing Permits in Belmarsh Climb to Ten-Year High", X)],
            [("Belmarsh issued 5,830 residential building permits last year, the highest number in a decade, according to the city planning department&#8217;s annual report.",
              "Belmarsh issued 5,830 residential building permits last year, the highest number in a decade, according to the city planning department’s annual report.", S)],
            [("More than half of the permits were for apartments near the new tram line .",
              "More than half of the permits were for apartments near the new tram line.", N)],
            [("The city cut the average approval time from 11 months to seven after it moved applications online in 2023.",
              "The city cut the average approval time from 11 months to seven after it moved applications online in 2023.", N)],
            [("Councillor Mira Hask has voiced support for raising height limits along the tram corridor.",
              "Councillor Mira Hask has voiced support for raising height limits along the tram corridor.", N)],
            [("Rents could stabilise within two years if construction keeps pace, economists at the Belmarsh Housing Institute said in a briefing.",
              "Rents could stabilise within two years if construction keeps pace, economists at the Belmarsh Housing Institute said in a briefing.", S)],
            [("Average rents rose 7.2% last year.Vacancy stood at 2.1% in December.",
              "Average rents rose 7.2% last year.", N),
             ("", "Vacancy stood at 2.1% in December.", N)],
            [("< / p >", "", B)],
            [("Building costs are expected to climb further as timber prices recover.",
              "Building costs are expected to climb further as timber prices recover.", P)],
            [("Developers must set aside 15% of new units as affordable housing under a 2022 rule.",
              "Developers must set aside 15% of new units as affordable housing under a 2022 rule.", N)],
            [("Residents of older neighbourhoods often complain that the newblocks block sunlight.",
              "Residents of older neighbourhoods often complain that the new blocks block sunlight.", P)],
            [("Follow us on Twitter for more city news", "", B)],
        ],
        ["newblocks", "year.Vacancy"],
    ),
}


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (lines, glued) in ARTICLES.items():
        raw_lines: list[str] = []
        claims: list[dict[str, str]] = []
        non_claims: list[str] = []
        boilerplate: list[str] = []
        for line in lines:
            raw_lines.append("".join(raw for raw, _, _ in line))
            for raw, gold, label in line:
                if label == B:
                    boilerplate.append(raw)
                elif label == X:
                    non_claims.append(gold)
                else:
                    claims.append({"text": gold, "label": label})
        title = lines[0][0][1]
        (OUT / f"{name}.txt").write_text("\n".join(raw_lines) + "\n", encoding="utf-8")
        gold_json = {
            "article": f"{name}.txt",
            "title": title,
            "claims": claims,
            "non_claims": non_claims,
            "glued": glued,
            "boilerplate": boilerplate,
        }
        (OUT / f"{name}.json").write_text(json.dumps(gold_json, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
