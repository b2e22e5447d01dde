"""Issue 17 item 1, measured on text no rule was written for: debris injected into clean outside sentences.

``reviews.extraction.stress`` takes the clean CLEF-2020 debate lines and WikiWeasel lines (``../shared/external``),
injects one piece of debris of one class per line with a seeded RNG, cleans the result and counts how often the
clean line comes back. The floors below sit a little under the rates measured on the report half (odd rows); the
rules were tuned on the other half (even rows). The cases after them are our own, written for the failures the
harness found, one class at a time.
"""

from __future__ import annotations

import random

import pytest

from reviews.extraction import stress
from reviews.extraction.cleaning import clean_line, clean_text
from reviews.extraction.glue import split_glued
from tests.shared_data import shared_path

# Floors per source and class (repair rate on the report half, odd rows, text as given): exact equality, except
# for tags, where a block tag may leave a line break (word-level equality). Measured before this work -> after
# (commit messages): glue_lower CLEF 0.799 -> 0.912, WikiWeasel 0.711 -> 0.861; glue_cap 0.952 -> 1.000 /
# 0.940 -> 0.983; run_sentence 0.992 -> 0.999 / 0.977 -> 0.997; glue_hyphen 0.917 -> 0.958 / 0.892 -> 0.964 (rare
# closed spellings and unknown joins after a hyphen). The floors sit just under the measured rates.
_FLOORS: dict[str, dict[str, float]] = {
    "clef": {
        "glue_lower": 0.89,
        "glue_lower_long": 0.87,
        "glue_hyphen": 0.93,
        "glue_cap": 0.98,
        "glue_cap_cap": 0.22,
        "glue_acronym": 0.88,
        "acronym_glue": 0.95,
        "run_sentence": 0.99,
        "tag_pair": 0.99,
        "tag_fragment": 0.99,
        "space_punct": 0.99,
        "comma_glue": 0.98,
        "entity": 0.99,
    },
    "wikiweasel": {
        "glue_lower": 0.84,
        "glue_lower_long": 0.80,
        "glue_hyphen": 0.94,
        "glue_cap": 0.97,
        "glue_cap_cap": 0.06,
        "glue_acronym": 0.97,
        "acronym_glue": 0.97,
        "run_sentence": 0.99,
        "tag_pair": 0.99,
        "tag_fragment": 0.99,
        "space_punct": 0.99,
        "comma_glue": 0.97,
        "entity": 0.99,
    },
}
# As if the page showed damage elsewhere (weak glue is split too): the glue classes only.
_FLOORS_SCRAPED: dict[str, dict[str, float]] = {
    "clef": {"glue_lower": 0.92, "glue_lower_long": 0.93, "glue_cap_cap": 0.72},
    "wikiweasel": {"glue_lower": 0.90, "glue_lower_long": 0.91, "glue_cap_cap": 0.57},
}
_WORD_LEVEL = {"tag_pair", "tag_fragment"}
# ... and byte for byte: a block tag inside a sentence is joined back (0.865 / 0.906 before, 0.980 / 0.948 after).
_TAG_FRAGMENT_EXACT = {"clef": 0.96, "wikiweasel": 0.93}


def _report_half(source: str) -> list[tuple[int, str]]:
    parts, ptb = stress.SOURCES[source]
    return stress.half(stress.load_lines(shared_path(*parts), ptb=ptb), "odd")


@pytest.mark.parametrize("source", sorted(_FLOORS))
def test_debris_of_each_class_is_repaired_on_lines_no_rule_was_written_for(source: str) -> None:
    result = stress.run(_report_half(source))
    assert result.n_lines > 900
    assert result.false_splits == []  # the clean lines themselves come out byte-identical
    low = {}
    for name, floor in _FLOORS[source].items():
        figures = result.classes[name]
        rate = figures.token_rate if name in _WORD_LEVEL else figures.exact_rate
        assert figures.n >= 10, name
        if rate < floor:
            low[name] = (round(rate, 3), floor, figures.failures[:3])
    assert low == {}
    assert result.classes["tag_fragment"].exact_rate >= _TAG_FRAGMENT_EXACT[source]


@pytest.mark.parametrize("source", sorted(_FLOORS_SCRAPED))
def test_glue_is_repaired_in_text_that_shows_damage(source: str) -> None:
    names = _FLOORS_SCRAPED[source]
    result = stress.run(_report_half(source), classes=[c for c in stress.CLASSES if c.name in names], scraped=True)
    low = {name: result.classes[name].exact_rate for name, floor in names.items()}
    assert {name: rate for name, rate in low.items() if rate < names[name]} == {}


def test_the_injected_debris_is_the_same_on_every_run() -> None:
    line = "The council voted on the new budget in May. Officials said the vote was close."
    for debris in stress.CLASSES:
        first = debris.inject(line, random.Random(f"17:{debris.name}:3"))
        second = debris.inject(line, random.Random(f"17:{debris.name}:3"))
        assert first == second
        assert first is None or first != line


# --- mixed case: a function word or a title before a capitalised word or an acronym -----------------------------
@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("He got into aTwitter war.", "He got into a Twitter war."),
        ("It could also beChina.", "It could also be China."),
        ("She joined theWorld Bank.", "She joined the World Bank."),  # "theworld" is common in URLs
        ("He works for the United States ofAmerica.", "He works for the United States of America."),
        ("They flew theUS flag.", "They flew the US flag."),
        ("He served asUS envoy.", "He served as US envoy."),  # "asus" is a brand in the web counts
        ("I am noBernie fan.", "I am no Bernie fan."),
        ("He kept praisingVladimir Putin.", "He kept praising Vladimir Putin."),  # a head under 1M uses
        ("They bombedIran twice.", "They bombed Iran twice."),
        ("Burma Campaign UKcriticised the deal.", "Burma Campaign UK criticised the deal."),
        ("It plays on 680 AMand online.", "It plays on 680 AM and online."),
        ("SenatorCruz answered.", "Senator Cruz answered."),
        ("TheSupreme Court ruled.", "The Supreme Court ruled."),
    ],
)
def test_mixed_case_glue_after_a_function_word_or_title(glued: str, split: str) -> None:
    assert split_glued(glued, scraped=False) == split


@pytest.mark.parametrize(
    ("glued", "split"),
    [("UnitedStates", "United States"), ("NewYork", "New York"), ("SouthCarolina", "South Carolina")],
)
def test_a_pair_far_more_common_apart_is_no_brand_in_scraped_text(glued: str, split: str) -> None:
    # The web counts know the joined forms (URLs, hashtags), but the pair apart at least ten times as often.
    assert split_glued(f"He flew to the {glued} on Monday.", scraped=True) == f"He flew to the {split} on Monday."
    assert split_glued(f"He flew to the {glued} on Monday.", scraped=False) == f"He flew to the {glued} on Monday."


@pytest.mark.parametrize("name", ["MoveOn", "PayPal", "PowerPoint", "LinkedIn", "PlayStation", "MasterCard"])
def test_brands_written_together_stay_whole_in_scraped_text(name: str) -> None:
    assert split_glued(f"They used {name} on Monday.", scraped=True) == f"They used {name} on Monday."


@pytest.mark.parametrize("name", ["MyTV", "BePDF", "InDesign", "OnePlus", "SQLite", "webOS", "beIN", "TheStreet"])
def test_names_that_start_with_a_function_word_stay_whole(name: str) -> None:
    line = f"They said {name} was popular."
    assert split_glued(line) == line


# --- lower-case glue: a closed-class word, an adverb in -ly or an inflected word on one side ----------------------
@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("He listed a litanyof attacks.", "He listed a litany of attacks."),  # litany: under 1M uses
        ("They went tomosques on Friday.", "They went to mosques on Friday."),
        ("It was a derelictionof duty.", "It was a dereliction of duty."),
        ("He rebuildsthe army.", "He rebuilds the army."),
        ("The plan is tobe ready by May.", "The plan is to be ready by May."),  # four letters, two closed words
        ("It rose upto the limit.", "It rose up to the limit."),
        ("It was largelyunmatched by rivals.", "It was largely unmatched by rivals."),
        (
            "The closing loopholes and deductionswithout naming them.",
            "The closing loopholes and deductions without naming them.",
        ),
        ("No one is tearingthis up.", "No one is tearing this up."),
        ("He was finallyputting it right.", "He was finally putting it right."),  # an -ly adverb opens no compound
        ("The votersneed to know.", "The voters need to know."),  # a plural opens no compound
        ("It was the largestincreases in years.", "It was the largest increases in years."),
        ("After two robberiesnear the station, it closed.", "After two robberies near the station, it closed."),
        ("The convoy moved slowlyalong the coast.", "The convoy moved slowly along the coast."),
        ("It was a massiveinvestment in rail.", "It was a massive investment in rail."),  # a derived adjective
        ("It was a wonderfulharvest this year.", "It was a wonderful harvest this year."),
        ("The board alreadyapproved it.", "The board already approved it."),
        ("The budget isa disgrace.", "The budget is a disgrace."),  # three letters: function word + "a"
        ("He spoke toa crowd ofa thousand.", "He spoke to a crowd of a thousand."),
        ("They climbed theziggurat at dawn.", "They climbed the ziggurat at dawn."),  # a rare word after "the"
        ("He read thecodicil aloud.", "He read the codicil aloud."),
    ],
)
def test_lower_case_glue_with_a_closed_word_or_an_inflection_is_split_in_clean_text(glued: str, split: str) -> None:
    assert split_glued(glued, scraped=False) == split


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("a so-calledline in the sand", "a so-called line in the sand"),
        ("single-payerprogram", "single-payer program"),
        ("middle-classfamilies", "middle-class families"),
    ],
)
def test_glue_after_a_hyphenated_word_is_split_in_clean_text(glued: str, split: str) -> None:
    assert split_glued(glued, scraped=False) == split


@pytest.mark.parametrize(
    "line",
    [
        "Lignan content in arame is noted.",  # "a rame": a one-letter closed word needs a common other half
        "They fought munchin's and goblins.",  # next to an apostrophe: a name or a rare noun
        "Known worlds include K'aresh and Xoroth.",
        "It happened tomorrow, without doubt, somewhere nevertheless.",
        "The anew and the onto stay.",
        "The ISA rules, Ina Garten and the Isa river stay.",
        "Her Asa-branded bag and the ora's song stay.",
        "It was forthcoming, and theremin, andouille and thermocline stay.",
    ],
)
def test_words_next_to_closed_words_stay_whole(line: str) -> None:
    assert split_glued(line) == line


# --- a sentence run into the next after an acronym, a decade, a contraction or a dotted abbreviation -------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("They want to get rid of ISIS.This election matters.", "They want to get rid of ISIS. This election matters."),
        ("He backs the NRA.Human rights groups objected.", "He backs the NRA. Human rights groups objected."),
        ("Visas under the H1B.We need reform.", "Visas under the H1B. We need reform."),
        ("Sales fell in the 1980s.The company recovered.", "Sales fell in the 1980s. The company recovered."),
        ("He said he didn't.What did he do?", "He said he didn't. What did he do?"),
        ("It was led by Giorgio Ce.The film followed.", "It was led by Giorgio Ce. The film followed."),
        ("He lived in Washington D.C.They said so.", "He lived in Washington D.C. They said so."),
        ("It sold in the U.K.In 1990 it closed.", "It sold in the U.K. In 1990 it closed."),
    ],
)
def test_more_sentence_ends_get_their_space(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@pytest.mark.parametrize(
    "line",
    [
        "The U.S.Senate voted.",  # a dotted abbreviation before a name
        "Maj.Gen.Charles Summerall led.",
        "It runs on ASP.NET servers.",
        "Use node.js or Vue.js here.",
        "The No.3 seed won.",
    ],
)
def test_no_space_where_no_sentence_ends(line: str) -> None:
    assert clean_line(line) == line


_OWN_LINES = [
    "The harbour board approved the ferry budget on Tuesday after a long debate.",
    "Officials said the new terminal would open in March. Critics said the cost was too high.",
    "The NATO summit in Vilnius ended without a deal on Ukraine.",
    "Prices of fresh vegetables rose sharply in the northern districts this winter.",
]


def test_the_harness_runs_without_outside_data() -> None:
    result = stress.run(enumerate(_OWN_LINES))
    assert result.n_lines == 4
    assert result.false_splits == [] and result.structural == []
    assert result.classes["glue_lower"].n == 4
    assert result.classes["run_sentence"].n >= 1  # two lines joined, or a line of two sentences
    for name in ("tag_pair", "space_punct", "entity", "run_sentence", "glue_cap"):
        figures = result.classes[name]
        assert figures.tokens == figures.n, figures.failures


# --- a block tag inside a sentence leaves a line break the cleaner joins back -----------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("We </p> have seen him insult women.", "We have seen him insult women."),
        ("When you say < / li > that, do you mean the accord?", "When you say that, do you mean the accord?"),
        ("It grossed $70 million at the U.S.<br>box office.", "It grossed $70 million at the U.S. box office."),
        ("The alert came at 4:30 a.m.</div>on July 20.", "The alert came at 4:30 a.m. on July 20."),
        (
            "Use the 28-105 lens;<p>if the error occurs, reset it.",
            "Use the 28-105 lens; if the error occurs, reset it.",
        ),
    ],
)
def test_a_sentence_split_by_a_block_tag_is_joined(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        ("<h2>Council votes on budget</h2><p>The council voted on Tuesday.</p>", 2),
        ("<p>Prices rose sharply.</p><p>The mayor said nothing.</p>", 2),
        ("<p>The plan has three parts:</p><ul><li>more buses</li><li>lower fares</li></ul>", 3),  # a list
        ("<p>It was sold in the U.S.</p><p>The firm grew.</p>", 2),
    ],
)
def test_separate_blocks_stay_separate(raw: str, lines: int) -> None:
    assert len(clean_text(raw).splitlines()) == lines


# --- no space after a comma ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Up to forty fell on the field,a few were hurt.", "Up to forty fell on the field, a few were hurt."),
        ("Well,I think so.", "Well, I think so."),
        ("In his later years,Réti worked slowly.", "In his later years, Réti worked slowly."),
        ("It flowers even earlier,e.g. in March.", "It flowers even earlier, e.g. in March."),
    ],
)
def test_a_comma_gets_its_space(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@pytest.mark.parametrize("line", ["It cost 1,000 euros.", "Points x,y and a,b are set.", "See ibid.,p. 4 here."])
def test_no_space_after_a_comma_between_numbers_or_single_letters(line: str) -> None:
    assert clean_line(line) == line
