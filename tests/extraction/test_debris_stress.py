"""Issue 17 item 1, measured on text no rule was written for: debris injected into clean outside sentences.

``reviews.extraction.stress`` takes the clean CLEF-2020 debate lines and WikiWeasel lines (``../shared/external``),
injects one piece of debris of one class per line with a seeded RNG, cleans the result and counts how often the
clean line comes back. The floors below sit a little under the rates measured on the report half (odd rows); the
rules were tuned on the other half (even rows). The cases after them are our own, written for the failures the
harness found, one class at a time.
"""

from __future__ import annotations

import pytest

from reviews.extraction.cleaning import clean_line
from reviews.extraction.glue import split_glued


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
