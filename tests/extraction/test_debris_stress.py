"""Issue 17 item 1, measured on text no rule was written for: debris injected into clean outside sentences.

``reviews.extraction.stress`` takes the clean CLEF-2020 debate lines and WikiWeasel lines (``../shared/external``),
injects one piece of debris of one class per line with a seeded RNG, cleans the result and counts how often the
clean line comes back. The floors below sit a little under the rates measured on the report half (odd rows); the
rules were tuned on the other half (even rows). The cases after them are our own, written for the failures the
harness found, one class at a time.
"""

from __future__ import annotations

import pytest

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
