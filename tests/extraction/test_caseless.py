from __future__ import annotations

import re

import pytest

from reviews.extraction.caseless import CaselessPattern
from reviews.extraction.cues import HEDGE_RE, WEASEL_RE

# Mixed case, curly quotes, and the three characters whose lower case matches differently
# (dotted İ lower-cases to two characters; dotless ı and long ſ match "i" and "s" case-insensitively).
TEXTS = [
    "Officials MAY delay the vote, which Could Possibly slip to May 2025.",
    "“It is Likely,” she said — perhaps wrongly — that prices will rise.",
    "İt is expected to rise; prices mıght fall; it ſeems to be so.",
    "Many experts Generally agree; ſome say otherwise.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("pattern", [HEDGE_RE, WEASEL_RE])
def test_same_spans_as_the_ignorecase_pattern(pattern: re.Pattern[str], text: str) -> None:
    caseless = CaselessPattern(pattern)
    assert caseless.spans(text) == [m.span() for m in pattern.finditer(text)]
    assert caseless.search(text) == (pattern.search(text) is not None)


def test_rejects_patterns_it_cannot_lower() -> None:
    with pytest.raises(ValueError):
        CaselessPattern(re.compile(r"\bMay\b", re.IGNORECASE))
    with pytest.raises(ValueError):
        CaselessPattern(re.compile(r"\bmay\b"))
