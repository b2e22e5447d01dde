from __future__ import annotations

import json
import time
from pathlib import Path

from reviews.extraction.language import detect_language
from reviews.extraction.pipeline import extract_article, extract_lines, to_json_rows
from reviews.extraction.types import Status

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "diplomatic-shift.txt"
DATA = Path(__file__).resolve().parent / "data"


def test_extract_article_offsets_title_and_claims() -> None:
    raw = (DATA / "harbor_ferry.txt").read_text(encoding="utf-8")
    extraction = extract_article(raw)
    assert extraction.title == "Harbor City Council Delays Vote on Ferry Subsidy"
    assert extraction.language == "en"
    assert extraction.claims
    for position, claim in enumerate(extraction.claims):
        assert claim.position == position
        assert extraction.cleaned_text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0
        for cue in claim.cues:
            assert claim.text[cue.start : cue.end] == cue.text
    for sentence in extraction.sentences:
        assert extraction.cleaned_text[sentence.start : sentence.end] == sentence.text


def test_the_sample_article_yields_claims_without_debris() -> None:
    extraction = extract_article(SAMPLE.read_text(encoding="utf-8"))
    assert extraction.title.startswith("Trump’s Diplomatic Shift")
    assert len(extraction.claims) >= 10
    assert all("<" not in c.text and ">" not in c.text and "  " not in c.text for c in extraction.claims)
    assert {c.suggested_status for c in extraction.claims} >= {Status.SPECULATIVE, Status.NEEDS_SOURCE}


def test_to_json_rows_is_the_stable_contract() -> None:
    rows = to_json_rows(extract_article("Title\nThe council approved a $5 million budget on Tuesday, the mayor said."))
    assert rows and set(rows[0]) == {"text", "suggested_status", "score", "cues"}
    assert rows[0]["suggested_status"] == "supported"
    for cue in rows[0]["cues"]:  # type: ignore[union-attr]
        assert set(cue) == {"text", "start", "end", "kind"}
    json.dumps(rows)


def test_extract_lines_gives_one_result_per_line() -> None:
    lines = ["The council approved the budget on Tuesday.", "", "Critics warn it could fail.", "What Next?"]
    results = extract_lines(lines)
    assert len(results) == 4
    assert results[0].is_claim and results[0].suggested_status is Status.NEEDS_SOURCE and not results[0].uncertain
    assert not results[1].is_claim and results[1].text == ""
    assert results[2].uncertain and results[2].suggested_status is Status.SPECULATIVE
    assert not results[3].is_claim
    assert all(r.suggested_status in set(Status) for r in results)


def test_non_english_articles_have_no_claims() -> None:
    raw = (
        "Le conseil municipal reporte le vote\n"
        "Le conseil municipal a reporté lundi le vote sur la subvention du traversier, le troisième report "
        "cette année. Les élus ont demandé plus de temps pour étudier le dossier avec les habitants."
    )
    extraction = extract_article(raw)
    assert extraction.language == "fr"
    assert extraction.claims == ()
    assert detect_language("The council postponed the vote on the ferry subsidy.") == "en"


def test_extract_article_never_raises_and_finds_no_claim_in_noise() -> None:
    for raw in ["", " ", "\n\n", "<", "&", "“", "a" * 5000, "<b>" * 1000, "\x00\x01", "Ünïcödé ✓ 😀"]:
        extraction = extract_article(raw)
        assert extraction.claims == (), raw[:20]
        assert "<" not in extraction.cleaned_text.replace("“", ""), raw[:20]


def test_pathological_input_is_bounded_in_time() -> None:
    extract_article("warm up.")
    for raw in ["<b>" * 100_000, "strong >" * 20_000, "a-\n" * 30_000, ". " * 50_000, "“" * 50_000]:
        started = time.process_time()
        extract_article(raw)
        # A guard against hangs (catastrophic backtracking), not a speed test: speed is measured by
        # `manage.py bench`. Well under a second on an idle core. CPU time, so that a machine shared
        # with other jobs does not fail it.
        assert time.process_time() - started < 10


LAST_PARAGRAPH = "In its final report, the harbour authority said it spent $48.7 million on dredging in 2025."


def big_article(size: int = 2 * 1024 * 1024 - 4096) -> str:
    """An English article of about ``size`` bytes (the repository's articles, numbered), then ``LAST_PARAGRAPH``."""
    bodies = [SAMPLE.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))]
    parts, total, section = ["Harbour Authority Annual Review\n"], 0, 0
    while total < size - 200:
        chunk = f"\nSection {section}\n" + bodies[section % len(bodies)].split("\n", 1)[1]
        if total + len(chunk.encode("utf-8")) > size - 200:
            break
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
        section += 1
    parts.append("\n" + LAST_PARAGRAPH + "\n")
    return "".join(parts)


def test_a_2mb_article_is_extracted_whole_in_under_10_seconds() -> None:
    """Regression: extraction stopped at 250,000 characters and 3,000 sentences, silently."""
    raw = big_article()
    assert 2_000_000 < len(raw.encode("utf-8")) <= 2 * 1024 * 1024
    extract_article("warm up.")
    started, cpu = time.perf_counter(), time.process_time()
    extraction = extract_article(raw)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\n2 MB extraction: {cpu:.2f} s CPU, {wall:.2f} s wall, {len(extraction.sentences)} sentences")
    last = extraction.claims[-1]
    assert "$48.7 million" in last.text and last.end == len(extraction.cleaned_text)
    assert len(extraction.sentences) > 3000 and extraction.cleaned_text.endswith(LAST_PARAGRAPH)
    # CPU time: the wall clock of a CI machine shared with other jobs says little about the code
    assert cpu < 10


# Status class F (held-out set 3): a bullet item that states a fact is a claim (guideline), with or without a marker
# the cleaner can see: "<li>Vell: 41%</li>", a "label: figure" line after a list introduction, an item of what a body
# says it will do ("Publish monthly waiting-time figures") and a noun phrase under "Who is affected:". The list
# introduction attributes nothing, so the items need a source.
_LIST_ARTICLE = """Poll Puts Vell Ahead in Harbour Race
A poll of 1,200 voters was published on Monday by the Harbour Gazette.
Voting intention:
<ul>
<li>Vell: 41%</li>
<li>Marsh: 33%</li>
<li>Greens and Liberals: 8% each</li>
</ul>
Turnout at the last election:
Central ward: 64%
North and South wards: 58% each
What the ministry says it will do:
<ul>
<li>Publish monthly waiting-time figures</li>
<li>Hire 400 more nurses by 2026</li>
<li>Close the two oldest wards at St Brede's</li>
</ul>
Who is affected:
<ul>
<li>Homes with thatched roofs, regardless of age.</li>
<li>Listed buildings in conservation areas</li>
<li>Farm buildings put up before 1950</li>
</ul>
What Happens Next
The consultation closes on March 3.
"""


def test_list_items_that_state_something_are_claims_that_need_a_source() -> None:
    claims = {c.text: str(c.suggested_status) for c in extract_article(_LIST_ARTICLE).claims}
    for item in [
        "Vell: 41%",
        "Marsh: 33%",
        "Greens and Liberals: 8% each",
        "Central ward: 64%",
        "North and South wards: 58% each",
        "Publish monthly waiting-time figures",
        "Hire 400 more nurses by 2026",
        "Close the two oldest wards at St Brede's",
        "Homes with thatched roofs, regardless of age.",
        "Listed buildings in conservation areas",
        "Farm buildings put up before 1950",
    ]:
        assert claims.get(item) == "needs_source", item
    for non_claim in [
        "Voting intention:",
        "What the ministry says it will do:",
        "Who is affected:",
        "What Happens Next",
    ]:
        assert non_claim not in claims


def test_list_markup_does_not_change_the_cleaned_text_and_menus_stay_non_claims() -> None:
    extraction = extract_article(
        "Harbour Ferry Fares Rise\n<ul><li>Home</li><li>News</li><li>Sport</li></ul>\n"
        "Fares rose by 5% on Monday.\n<ul>\n<li>Weather</li>\n<li>Contact us</li>\n</ul>"
    )
    assert "•" not in extraction.cleaned_text
    assert [c.text for c in extraction.claims] == ["Fares rose by 5% on Monday."]


_UNMARKED_LIST_ARTICLE = """Council Sets Out Thatch Rules
The council published new fire rules for old homes on Monday.
Who is affected:
Homes with thatched roofs, regardless of age
Listed buildings in conservation areas
Farm buildings put up before 1950
What Happens Next
The consultation closes on March 3.
Latest poll
Vell – 41%
Marsh – 33%
Seat projections:
Vell: 210 seats
Marsh and Greens: 95 seats each
What the ministry says it will do:
Publish monthly waiting-time figures
Open two walk-in clinics
"""


def test_list_items_without_markers_after_an_introduction_are_claims() -> None:
    extraction = extract_article(_UNMARKED_LIST_ARTICLE)
    claims = {c.text: str(c.suggested_status) for c in extraction.claims}
    for item in [
        "Homes with thatched roofs, regardless of age",
        "Listed buildings in conservation areas",
        "Farm buildings put up before 1950",
        "Vell – 41%",
        "Marsh – 33%",
        "Vell: 210 seats",
        "Marsh and Greens: 95 seats each",
        "Publish monthly waiting-time figures",
        "Open two walk-in clinics",
    ]:
        assert claims.get(item) == "needs_source", item
    headings = {s.text for s in extraction.sentences if s.is_heading}
    assert {"What Happens Next", "Latest poll"} <= headings


def test_items_of_a_sites_link_list_are_not_claims() -> None:
    raw = (
        "Ferry Fares Rise by 5%\nFares on the harbour ferry rose by 5% on Monday.\nMore from News:\n"
        "<ul><li>Storm closes coastal road for two days</li></ul>\nYou might also like:\n"
        "<ul><li>Ten best walks on the coast</li></ul>\nLatest figures:\n<ul><li>Weekday riders: 4,100</li></ul>"
    )
    assert [c.text for c in extract_article(raw).claims] == [
        "Fares on the harbour ferry rose by 5% on Monday.",
        "Weekday riders: 4,100",
    ]
