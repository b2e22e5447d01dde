"""Case-insensitive patterns that match several times faster, with exactly the same spans.

The regex engine skips an alternative by its first character only when it matches case-sensitively,
so a large ``re.IGNORECASE`` alternation (the hedge and weasel lexicons, number words) tries every
alternative at every word boundary. When lower-casing maps each character of the text to one
character that the case-insensitive pattern treats the same way (true of all but three characters
in Unicode), running the pattern without ``re.IGNORECASE`` over the lower-cased text finds the same
spans at the same offsets; the matched text is then read from the original string.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

# CPython's own regex parser (``re._parser``, ``re._constants`` since 3.11; the project pins 3.11): the first
# characters a pattern can match (and, for cleaning, the longest text it can match) are read off its parse tree.
# Private modules, so typed as Any; this is the one place that reaches them.
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")


def pattern_width(pattern: re.Pattern[str]) -> int:
    """The longest text ``pattern`` can match."""
    return int(sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1])


# The characters for which the lower-cased text can match differently: "İ" lower-cases to two
# characters (offsets would shift); "ı" and "ſ" match "i" and "s" case-insensitively, but
# lower-casing keeps them as they are.
_UNSAFE_RE = re.compile("[\u0130\u0131\u017f]")
# An upper-case letter that is not part of an escape (\S, \W, \B ...) would never match lower-cased text.
_UPPER_LITERAL_RE = re.compile(r"(?<!\\)[A-Z]")


@lru_cache(maxsize=32)  # several patterns look at one sentence in turn: it is lowered once
def _safely_lowered(text: str) -> str | None:
    """``text`` lower-cased, when lower-casing keeps every offset and every match (see above); else None."""
    lowered = text.lower()
    if len(lowered) == len(text) and not _UNSAFE_RE.search(text):
        return lowered
    return None


class CaselessPattern:
    """``pattern`` (compiled with ``re.IGNORECASE``) with a fast path; written in lower case only."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if not pattern.flags & re.IGNORECASE or _UPPER_LITERAL_RE.search(pattern.pattern):
            raise ValueError(f"not a lower-case IGNORECASE pattern: {pattern.pattern!r}")
        self.pattern = pattern
        self._lowered = guarded(re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE))

    def _target(self, text: str) -> tuple[re.Pattern[str], str]:
        lowered = _safely_lowered(text)
        if lowered is not None:
            return self._lowered, lowered
        return self.pattern, text

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every match, as ``pattern.finditer(text)`` would give them."""
        pattern, target = self._target(text)
        return [m.span() for m in pattern.finditer(target)]

    def search(self, text: str) -> bool:
        """Whether ``pattern`` matches anywhere in ``text``."""
        pattern, target = self._target(text)
        return pattern.search(target) is not None


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a lookahead for the characters a match can start with, when they can be read off it.

    The engine then leaves most positions after one test instead of trying every alternative there; the
    matches are the same, since none starts anywhere else. Without such a set (or with any word character in
    it, which leaves no position early) ``pattern`` itself.
    """
    first = first_characters(pattern.pattern, pattern.flags)
    if first is None or r"\w" in first:
        return pattern
    return re.compile(f"(?=[{first}])(?:{pattern.pattern})", pattern.flags)


_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


def first_characters(pattern: str, flags: int = 0) -> str | None:
    """A character-class body (``a-z`` style, escaped) holding every character a match of ``pattern`` can start
    with, or None when that cannot be read off simply (``.``, a negated class, a back reference, an inline flag,
    a pattern that can match the empty string)."""
    if flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    found = _first_of(list(sre_parse.parse(pattern, flags)))
    if found is None or found[1]:
        return None
    return "".join(sorted(found[0]))


def _first_of(items: list[tuple[object, object]]) -> tuple[set[str], bool] | None:
    """(the first characters of a sequence of parsed items, whether it can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: ^, \b, lookarounds
        found = _first_of_item(op, av)
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def _first_of_item(op: object, av: Any) -> tuple[set[str], bool] | None:
    if op is sre.LITERAL:
        return {re.escape(chr(av))}, False
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is sre.LITERAL:
                chars.add(re.escape(chr(value)))
            elif kind is sre.RANGE:
                chars.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is sre.CATEGORY and value in _CATEGORIES:
                chars.add(_CATEGORIES[value])
            else:
                return None  # a negated class, a category we do not spell
        return chars, False
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _first_of(list(sub))
    if op is sre.BRANCH:
        chars, empty = set(), False
        for alternative in av[1]:
            found = _first_of(list(alternative))
            if found is None:
                return None
            chars |= found[0]
            empty = empty or found[1]
        return chars, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found = _first_of(list(sub))
        if found is None:
            return None
        return found[0], found[1] or low == 0
    return None
