"""Split words that the scraper glued together (``betweendiplomatic``, ``NorthSea``).

A token is split only when the evidence is strong: the token itself is rare or unknown in the
``wordsegment`` web-frequency tables, its best two-way segmentation consists of common words,
and the pair is far more frequent than the token (an independence estimate of the pair's count,
or its observed bigram count). Newer words the 2006 tables do not know are protected by a small
list in ``data/known_words.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reviews.extraction.lexicon import words

_DATA = Path(__file__).with_name("data")
_TOTAL = 1024908267229.0  # token count of the wordsegment unigram table
_SHORT_PARTS = words("a an as at be by do go he if in is it me my no of on or so to up us we am an")
# A glued token never starts with a bound prefix or ends with a suffix (anti|satellite, function|less).
_PREFIXES = words(
    "anti pro sub inter intra over under counter non pre post bio micro macro multi mid semi de dis mis out "
    "self super hyper cyber tele trans ultra wiki re un co mega giga ex neo pan poly auto"
)
_SUFFIXES = words(
    "ing ist ists less able ible ship ships ness ment ments ism isms ful hood dom ward wards wise like "
    "head heads load man men"
)
_FUNCTION_WORDS = words(
    "the a an of to in on at for with by and or but from as that this these those them their its his her "
    "is are was were be been has have had will would could should may might can"
)
_TOKEN_RE = re.compile(r"(?<![\w@/#.&-])[A-Za-z]{5,40}(?![\w@/&]|\.[A-Za-z])")
_CAMEL_RE = re.compile(r"(?<![\w@/#.&-])([A-Z]?[a-z]{2,})([A-Z][a-z]+)(?=[\W]|$)")

_unigrams: dict[str, float] | None = None
_bigrams: dict[str, float] | None = None


def _tables() -> tuple[dict[str, float], dict[str, float]]:
    global _unigrams, _bigrams
    if _unigrams is None or _bigrams is None:
        import wordsegment

        wordsegment.load()
        _unigrams = wordsegment.UNIGRAMS
        _bigrams = wordsegment.BIGRAMS
    return _unigrams, _bigrams


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    path = _DATA / "known_words.txt"
    words = {w.strip().lower() for w in path.read_text(encoding="utf-8").split() if w.strip()}
    return frozenset(words)


def count(word: str) -> float:
    return _tables()[0].get(word.lower(), 0.0)


def is_word(word: str) -> bool:
    """A real word: known to the frequency table or to our list of newer words."""
    low = word.lower()
    if low in _known_words():
        return True
    return count(low) >= 20_000 and len(split_token(low)) == 1


def _part_ok(part: str, min_count: float) -> bool:
    if len(part) <= 2:
        return part in _SHORT_PARTS
    return count(part) >= min_count


@lru_cache(maxsize=50_000)
def split_token(token: str) -> tuple[str, ...]:
    """The parts of a glued lower-case token, or ``(token,)`` when it should stay whole."""
    low = token.lower()
    if low in _known_words():
        return (token,)
    unigrams, bigrams = _tables()
    whole = unigrams.get(low, 0.0)
    best: tuple[float, int] | None = None
    for cut in range(1, len(low)):
        left, right = low[:cut], low[cut:]
        if not (_part_ok(left, 1_000_000) and _part_ok(right, 1_000_000)):
            continue
        if right in _SUFFIXES or (left in _PREFIXES and right not in _FUNCTION_WORDS):
            continue
        expected = unigrams[left] * unigrams[right] / _TOTAL
        evidence = max(expected, bigrams.get(f"{left} {right}", 0.0))
        if evidence < 100 or whole * 50 > evidence:
            continue
        if best is None or evidence > best[0]:
            best = (evidence, cut)
    if best is None:
        return (token,)
    cut = best[1]
    return (token[:cut], token[cut:])


def _split_camel(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    joined = (left + right).lower()
    if joined in _known_words() or count(joined) >= 20_000:
        return match.group(0)
    if len(left) >= 3 and count(left) >= 10_000_000 and len(right) >= 3:
        return f"{left} {right}"
    return match.group(0)


def split_glued(line: str) -> str:
    """Split glued words in one line of text."""

    def split(match: re.Match[str]) -> str:
        token = match.group(0)
        if not token.islower() and not (token[0].isupper() and token[1:].islower()):
            return token
        if token[0].isupper() and not token[1:].islower():
            return token
        if token[0].isupper():
            # Capitalised tokens are often names; split only when the head is a common word.
            parts = split_token(token)
            if len(parts) == 2 and count(parts[0]) >= 50_000_000 and count(parts[1]) >= 50_000_000:
                return " ".join(parts)
            return token
        return " ".join(split_token(token))

    line = _CAMEL_RE.sub(_split_camel, line)
    return _TOKEN_RE.sub(split, line)
