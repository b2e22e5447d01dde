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


# Issue 17, segmentation classes (made-up cases): quotations with their attributions, abbreviations that
# may or may not end a sentence, and sentences run together without a space.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a full stop inside the quote, then a long attribution
            "“We are done. It is over.” Governor Helena Marsh told reporters at a press conference on Tuesday. "
            "Rates held.",
            [
                "“We are done. It is over.” Governor Helena Marsh told reporters at a press conference on Tuesday.",
                "Rates held.",
            ],
        ),
        (  # interrupted by its attribution, several sentences on both sides
            "“We will appeal. This is wrong,” she said, “and we expect to win. We always do.” The ruling stands.",
            ["“We will appeal. This is wrong,” she said, “and we expect to win. We always do.”", "The ruling stands."],
        ),
        (  # attribution before the quote, with a colon
            "Marsh told reporters: “Prices rose. Wages did not.” She then left.",
            ["Marsh told reporters: “Prices rose. Wages did not.”", "She then left."],
        ),
        (  # attribution before the quote, with a comma
            "The mayor said, “We have the money. We will build it.” Work starts in May.",
            ["The mayor said, “We have the money. We will build it.”", "Work starts in May."],
        ),
        (  # single curly quotes; the apostrophe of a plural possessive does not close them
            "‘We met the players’ union. It went well,’ Marsh said. Rates held.",
            ["‘We met the players’ union. It went well,’ Marsh said.", "Rates held."],
        ),
        (  # a dash attribution
            "“We are encouraged. But the job is not finished.” — Governor Helena Marsh. Rates held.",
            ["“We are encouraged. But the job is not finished.” — Governor Helena Marsh.", "Rates held."],
        ),
        (  # the quotation goes on after its attribution
            "“We lost. That hurts,” said coach Dana Reyes. “But we move on.” The club is third.",
            ["“We lost. That hurts,” said coach Dana Reyes. “But we move on.”", "The club is third."],
        ),
        (
            "“The job is not done. We continue,” according to a statement from the ministry. Rates held.",
            ["“The job is not done. We continue,” according to a statement from the ministry.", "Rates held."],
        ),
        (  # straight quotes, interrupted
            '"We will appeal," she said, "and we expect to win. Soon." The ruling stands.',
            ['"We will appeal," she said, "and we expect to win. Soon."', "The ruling stands."],
        ),
    ],
)
def test_a_quotation_is_one_unit_with_its_attribution(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a sentence with its own attribution after a quoted phrase
            "The union called the offer “an insult.” Talks continued, officials said.",
            ["The union called the offer “an insult.”", "Talks continued, officials said."],
        ),
        (  # a speech verb with a reported clause is a new sentence, not the quote's attribution
            "“It is over.” Marsh said the plan had failed.",
            ["“It is over.”", "Marsh said the plan had failed."],
        ),
        (  # a quotation after a sentence of narration is not glued to it
            "The minister was blunt. “It is over. We lost.” Rates held.",
            ["The minister was blunt.", "“It is over. We lost.”", "Rates held."],
        ),
        (  # an apostrophe is not a quotation: the players’ union
            "He met the players’ union. Talks went well.",
            ["He met the players’ union.", "Talks went well."],
        ),
    ],
)
def test_what_is_not_a_quotation_with_its_attribution_splits(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Most are sold by U.S. Steel in Pittsburgh.",
        "It was filed with the U.S. Securities and Exchange Commission on Monday.",
        "The doors open at 9 p.m. Eastern time on Friday.",
        "The patient was seen by Dr. Rao on Monday.",
        "Acme Inc. Chief Executive Jane Doe said sales rose.",
        "The book influenced E. T. A. Hoffmann and C. G. Jung.",
        "At the urging of Senator Thomas P. Gore, a station opened in 1912.",
        "The U.S. DVD release has English audio only.",
        "The hearing is on Fri. Jan. 5 at the county court.",
        "He ranked No. 3 in the world after the final.",
    ],
)
def test_abbreviations_that_continue_a_name_or_a_date_do_not_split(sentence: str) -> None:
    assert split(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The doors open at 9 p.m. Tickets cost $20.", ["The doors open at 9 p.m.", "Tickets cost $20."]),
        (
            "Sales rose in the U.K. Analysts had expected a fall.",
            ["Sales rose in the U.K.", "Analysts had expected a fall."],
        ),
        (
            "The factory is run by Acme Corp. Workers went on strike in June.",
            ["The factory is run by Acme Corp.", "Workers went on strike in June."],
        ),
        (
            "The plan was approved in Sept. Officials said it would cost $2m.",
            ["The plan was approved in Sept.", "Officials said it would cost $2m."],
        ),
        (
            "The study was led by Brown et al. Critics disputed it.",
            ["The study was led by Brown et al.", "Critics disputed it."],
        ),
        ("The answer was no. The board moved on.", ["The answer was no.", "The board moved on."]),
        (
            "It opened in Washington, D.C. That's where it stays.",
            ["It opened in Washington, D.C.", "That's where it stays."],
        ),
        ("He lives on Main St. The house was sold.", ["He lives on Main St.", "The house was sold."]),
        ("They met at 10 a.m. Mayor Reyes then spoke.", ["They met at 10 a.m.", "Mayor Reyes then spoke."]),
    ],
)
def test_a_sentence_ending_in_an_abbreviation_splits_before_a_sentence_start(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def _body(raw_line: str) -> list[str]:
    return [s.text for s in split_sentences(clean_article("Headline\n" + raw_line))][1:]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Most are sold in the U.S.The company said sales rose.",
            ["Most are sold in the U.S.", "The company said sales rose."],
        ),
        ("The doors open at 9 p.m.Tickets cost $20.", ["The doors open at 9 p.m.", "Tickets cost $20."]),
        ("The firm is Acme Inc.The company employs 400.", ["The firm is Acme Inc.", "The company employs 400."]),
        ("“We are done. It is over.”The board resigned.", ["“We are done. It is over.”", "The board resigned."]),
        (
            "The deal closed on Monday.“It is over,” she said.",
            ["The deal closed on Monday.", "“It is over,” she said."],
        ),
        ("“We are done,”Governor Marsh said on Tuesday.", ["“We are done,” Governor Marsh said on Tuesday."]),
        ("Prices rose 3%.The index fell.", ["Prices rose 3%.", "The index fell."]),
    ],
)
def test_a_missing_space_after_a_full_stop_splits(raw: str, expected: list[str]) -> None:
    assert _body(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "He met Dr.Rao on Monday.",
        "He works at U.S.Steel in Pittsburgh.",
        "Growth was 3.5% in the year.",
        "Visit example.com or www.acme.org.uk for details.",
        "The report by J.R.R. Tolkien was reissued.",
    ],
)
def test_no_split_at_abbreviations_decimals_domains_or_initials_without_a_space(raw: str) -> None:
    assert _body(raw) == [raw]


def test_a_title_case_headline_ending_in_a_month_is_not_joined_to_the_next_line() -> None:
    article = clean_article("Rail to Cut Evening Services From May < / p >\nRail will cut 48 services a week, it said.")
    assert [s.text for s in split_sentences(article)] == [
        "Rail to Cut Evening Services From May",
        "Rail will cut 48 services a week, it said.",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # the scraper broke the quotation after a full stop inside it
            "“We are encouraged.\nBut the job is not finished,” Governor Marsh said.\nRates were held.",
            ["“We are encouraged. But the job is not finished,” Governor Marsh said.", "Rates were held."],
        ),
        (  # the attribution on a line of its own before the quotation
            "She said:\n“Prices rose. Wages did not.”\nRates were held.",
            ["She said: “Prices rose. Wages did not.”", "Rates were held."],
        ),
        (  # straight quotes broken by a block tag
            'The mayor said: "We have the money.<br>We will build it." Work starts in May.',
            ['The mayor said: "We have the money. We will build it."', "Work starts in May."],
        ),
        (  # an unclosed quotation does not pull in the next paragraph
            "He called it “a disgrace.\nThe board met on Monday.",
            ["He called it “a disgrace.", "The board met on Monday."],
        ),
        (  # a list introduction with a verb of saying keeps its items apart
            "What the company says it will do:\n- Cut 300 jobs.",
            ["What the company says it will do:", "Cut 300 jobs."],
        ),
    ],
)
def test_a_quotation_broken_across_lines_is_one_unit(raw: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(clean_article("Headline\n" + raw))][1:] == expected
