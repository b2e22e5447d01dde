from __future__ import annotations

import pytest

from reviews.extraction.cleaning import clean_article
from reviews.extraction.sentences import split_sentences, split_text


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_text(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. dollar rose 0.4% on Jan. 5 after Dr. Smith spoke.",
        "Prices for services, e.g. rents and insurance, are rising.",
        "Tools used for hiring, i.e. screening software, are covered.",
        "Meridian Renewables Inc. carries an estimated price tag of $1.2 billion.",
        "Clinic hours run to 8 p.m. on weekdays and 4 p.m. on Saturdays.",
        "The case of Smith vs. Jones was cited by Brown et al. in the paper.",
        "Growth was 3.5% in the year, the office said.",
        "John F. Kennedy spoke at 4:12 a.m. Eastern time on Friday.",
        "The terminal upgrade alone will cost approx. $310 million.",
    ],
)
def test_abbreviations_and_numbers_do_not_end_sentences(sentence: str) -> None:
    assert split(sentence) == [sentence]


def test_a_sentence_may_end_in_an_abbreviation() -> None:
    text = "Most are sold in the U.S. The rest go to Canada."
    assert split(text) == ["Most are sold in the U.S.", "The rest go to Canada."]


def test_multi_sentence_quotation_with_attribution_is_one_unit() -> None:
    text = (
        "Inflation slowed. “We are encouraged. But the job is not finished,” Governor Helena Marsh told "
        "reporters. Rates were held."
    )
    assert split(text) == [
        "Inflation slowed.",
        "“We are encouraged. But the job is not finished,” Governor Helena Marsh told reporters.",
        "Rates were held.",
    ]


def test_short_attribution_after_a_closing_quote_stays_attached() -> None:
    text = "“We are done. It is over.” Marsh said. Then she left."
    assert split(text) == ["“We are done. It is over.” Marsh said.", "Then she left."]


def test_sentence_ending_inside_a_quote_then_new_sentence() -> None:
    text = "He said the bank “has room to move.” The economy grew 0.2%."
    assert split(text) == ["He said the bank “has room to move.”", "The economy grew 0.2%."]


def test_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    text = "He said “this never closes. " + "More text follows here. " * 80
    assert len(split(text)) > 10


def test_headings_and_list_items_are_units() -> None:
    article = clean_article("Big Headline\nWhy It Matters\nIntro line:\n- First fact here.\n- Second fact\nBody. More.")
    sentences = split_sentences(article)
    assert [s.text for s in sentences] == [
        "Big Headline",
        "Why It Matters",
        "Intro line:",
        "First fact here.",
        "Second fact",
        "Body.",
        "More.",
    ]
    assert [s.is_heading for s in sentences] == [True, True, False, False, False, False, False]
    assert [s.is_list_item for s in sentences] == [False, False, False, True, True, False, False]


def test_offsets_are_into_the_cleaned_text() -> None:
    article = clean_article("Title\nOne sentence here . Another one , with a comma.\n“Quote. Two,” she said.")
    sentences = split_sentences(article)
    assert [sentence.text for sentence in sentences] == [
        "Title",
        "One sentence here.",
        "Another one, with a comma.",
        "“Quote. Two,” she said.",
    ]
    for sentence in sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
