from __future__ import annotations

import pytest

from reviews.extraction.cleaning import clean_article, clean_text, decode_entities, strip_markup
from reviews.extraction.glue import split_glued


@pytest.mark.parametrize(
    "raw",
    [
        "Wage growth:< / strong > Average earnings rose. li >",
        '< div class = "ad-slot inline" >\nText here.',
        "The end.< br />",
        "Market Reaction p >",
        "<h2>Heading</h2>",
        "&lt;p&gt;Escaped markup.&lt;/p&gt;",
        "and accountability strong >is vital.",
    ],
)
def test_tag_debris_is_removed_in_all_forms(raw: str) -> None:
    cleaned = clean_text(raw)
    assert "<" not in cleaned and ">" not in cleaned
    for fragment in ("strong", " li", "div", "br /", "h2", "&lt;"):
        assert fragment not in cleaned


def test_entities_are_decoded() -> None:
    assert clean_text("Tom &amp; Jerry&#8217;s&nbsp;show &rsquo;24") == "Tom & Jerry’s show ’24"
    assert decode_entities("&amp;rsquo;") == "’"


def test_whitespace_is_collapsed_including_invisible_spaces() -> None:
    assert clean_text("a\u00a0b\u200bc\t\td   e") == "a bc d e"


def test_space_before_punctuation_is_removed() -> None:
    assert clean_text("It rose , then fell . Why ?") == "It rose, then fell. Why?"
    assert clean_text("the bank ’s cautious tone") == "the bank’s cautious tone"
    assert clean_text("voted 6 –3 late Tuesday") == "voted 6–3 late Tuesday"


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("betweendiplomatic", "between diplomatic"),
        ("fellbetween", "fell between"),
        ("tothe", "to the"),
        ("NorthSea", "North Sea"),
        ("WhetherWayfarer-1", "Whether Wayfarer-1"),
        ("contacttracing", "contact tracing"),
    ],
)
def test_glued_words_are_split(glued: str, split: str) -> None:
    assert split_glued(glued) == split


@pytest.mark.parametrize(
    "word",
    [
        "retroreflector",
        "ridership",
        "shockwaves",
        "YouTube",
        "Okafor",
        "cannot",
        "deepfake",
        "nonetheless",
        "epidemiologists",
        "counterterrorism",
        "cryptocurrency",
    ],
)
def test_real_words_are_not_split(word: str) -> None:
    assert split_glued(word) == word


def test_missing_spaces_after_punctuation_are_restored() -> None:
    assert clean_text("said Dr. Varga, Arcadia’s chief scientist.Wayfarer-1 carries") == (
        "said Dr. Varga, Arcadia’s chief scientist. Wayfarer-1 carries"
    )
    assert clean_text("reshape global markets,impacting energy") == "reshape global markets, impacting energy"
    assert clean_text("1,400 doses and 3.5% and U.S. dollar") == "1,400 doses and 3.5% and U.S. dollar"


def test_words_hyphenated_across_a_line_break_are_rejoined() -> None:
    assert clean_text("The city will invest in infra-\nstructure this year.") == (
        "The city will invest in infrastructure this year."
    )
    assert clean_text("The city will invest in infra- structure.") == "The city will invest in infrastructure."
    assert clean_text("a well-\nknown case.") == "a well-known case."


def test_sentence_broken_across_lines_is_joined() -> None:
    assert clean_text("The council approved the\nbudget on Tuesday.") == "The council approved the budget on Tuesday."


def test_boilerplate_lines_are_dropped() -> None:
    raw = "\n".join(
        [
            "Headline Here",
            "Advertisement",
            "Share this article",
            "Read more: Five things to know",
            "Sign up for our newsletter to get local news delivered to your inbox.",
            "Photo: A crane at the port (Jane Doe/Getty Images)",
            "Body sentence stays.",
        ]
    )
    assert clean_text(raw) == "Headline Here\nBody sentence stays."


def test_bullets_and_list_numbers_are_dropped_and_marked() -> None:
    article = clean_article("Intro:\n- First item.\n• Second item.\n2.Third item.\n3) Fourth item.\n(a) Fifth item.")
    assert [line.text for line in article.lines] == [
        "Intro:",
        "First item.",
        "Second item.",
        "Third item.",
        "Fourth item.",
        "Fifth item.",
    ]
    assert [line.is_list_item for line in article.lines] == [False, True, True, True, True, True]


def test_numbers_at_line_start_are_not_list_markers() -> None:
    assert clean_text("3.5% of voters stayed home.") == "3.5% of voters stayed home."


def test_offsets_point_into_cleaned_text() -> None:
    article = clean_article("Title &amp; more\n\nFirst   line .\n< br />\nSecond line")
    for line in article.lines:
        assert article.text[line.start : line.end] == line.text
    assert article.title == "Title & more"


def test_less_than_before_a_number_is_spelled_out() -> None:
    assert strip_markup("a rate < 5%") == "a rate less than 5%"


def test_pathological_markup_is_fast() -> None:
    import time

    raw = "<b>" * 100_000 + "< / li >" * 20_000 + "strong >" * 20_000 + "&amp;" * 20_000
    clean_text("warm up the word tables")
    best = float("inf")
    for _ in range(2):  # best of two, in CPU time: a loaded machine must not turn a timing into a flake
        started = time.process_time()
        clean_text(raw)
        best = min(best, time.process_time() - started)
    assert best < 1.5  # all 720,000 characters are cleaned (no cap since issue 12)


def test_bylines_datelines_and_wire_furniture_are_dropped() -> None:
    raw = "\n".join(
        [
            "Heading",
            "By Jane Doe and John Smith",
            "Updated 3:45 p.m. ET, Tue March 5, 2024",
            "5 min read",
            "WASHINGTON (Reuters) - The Senate voted 52-48 on Tuesday to confirm the nominee.",
            "Reporting by Jane Doe; Editing by John Smith",
            "Advertisement - Scroll to continue",
            "By contrast, exports fell.",
            "US - China trade talks resume",
        ]
    )
    assert clean_text(raw).splitlines() == [
        "Heading",
        "The Senate voted 52-48 on Tuesday to confirm the nominee.",
        "By contrast, exports fell.",
        "US - China trade talks resume",
    ]


def test_bidirectional_controls_are_removed() -> None:
    assert clean_text("Officials may\u202e announce\u200f tariffs.") == "Officials may announce tariffs."
