"""Language identification: py3langid with a prior toward English for short, ambiguous text.

py3langid (a maintained fork of langid.py) is a naive Bayes classifier over byte n-grams for 97
languages; its 4.5 MB model ships inside the package, so nothing is downloaded at run time. A
process holds about 75 MB more once it is loaded (lazily, on the first call, then kept; measured RSS).

Extraction is English-only, so the question that matters is "is this English?". On long text the
model is all but certain either way. Short lines ("Share this article", "Senator Marco Rubio of
Florida.") are ambiguous: proper names and shared words spread the probability over many
languages. The rule is therefore: English whenever the model gives English at least
``ENGLISH_MIN_PROBABILITY``, otherwise the most probable language; text without a single letter is
undetermined (``UNDETERMINED``). Measured in ``tests/extraction/test_language.py`` (short English
lines from the shared outside data, short lines in 29 other languages, whole articles).

A long article is judged on a sample spread over its whole length (``SAMPLE_CHUNKS`` windows of
``SAMPLE_WINDOW`` characters), so a 2 MB article costs the same as a 30 KB one and an article
whose first screen is English boilerplate is still judged on its body.
"""

from __future__ import annotations

import contextlib
import functools
import re
from array import array
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

ENGLISH = "en"
UNDETERMINED = "und"
# English wins when the model gives it at least this probability (the prior toward English on
# short, ambiguous text; chosen from the measurement in tests/extraction/test_language.py).
ENGLISH_MIN_PROBABILITY = 0.03
SAMPLE_WINDOW = 2_000
SAMPLE_CHUNKS = 12
# A first look at a small sample spread over the text (``QUICK_CHUNKS`` windows of ``QUICK_WINDOW``
# characters) settles an unmistakably English article; anything less certain is judged on the full sample.
QUICK_WINDOW = 300
QUICK_CHUNKS = 4
QUICK_ENGLISH_PROBABILITY = 0.9999

_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    _pack_state_tables(identifier)
    return identifier


def _pack_state_tables(identifier: LanguageIdentifier) -> None:
    """Hold the two per-state tables of the model's byte automaton as packed arrays of the same numbers.

    The walk over a text reads each once per byte (``py3langid.langid.visit_counts``: a state's row offset, then
    the feature it emits). As lists of int objects they are spread over the heap, and in a process that does
    other work between two articles most reads miss the CPU cache; packed (400 KB each) they miss less. The
    walk, the counts and every probability stay the same; extraction takes about 4 % less time and the process
    holds 7 MB less. Left as they are when py3langid keeps them under other names or values do not fit.
    """
    for name in ("_rowbase", "tk_output"):
        values = getattr(identifier, name, None)
        if isinstance(values, list):
            with contextlib.suppress(OverflowError, TypeError, AttributeError):
                setattr(identifier, name, array("i", values))


def _sample(text: str, window: int = SAMPLE_WINDOW, chunks: int = SAMPLE_CHUNKS) -> str:
    """``text`` itself when short, else ``chunks`` windows of ``window`` characters spread evenly over it."""
    if len(text) <= window * chunks:
        return text
    step = (len(text) - window) / (chunks - 1)
    windows = []
    for i in range(chunks):
        start = int(i * step)
        # start and end on whitespace so no window begins or ends in the middle of a word
        space = text.find(" ", start, start + 100)
        start = space + 1 if space >= 0 else start
        end = text.rfind(" ", start, start + window)
        windows.append(text[start : end if end > start else start + window])
    return "\n".join(windows)


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """Every language with its probability for ``text`` (sampled when long), most probable first."""
    ranked: list[tuple[str, float]] = _identifier().rank(_sample(text))
    return ranked


def detect_language(text: str) -> str:
    """ISO 639-1 code (639-3 where there is none) of ``text``, ``"en"`` or ``"und"`` (no letters)."""
    if not _LETTER.search(text):
        return UNDETERMINED
    if len(text) > 2 * QUICK_WINDOW * QUICK_CHUNKS:
        # the language model's cost grows with the text: most articles are settled on 1,200 characters
        code, probability = _identifier().classify(_sample(text, QUICK_WINDOW, QUICK_CHUNKS))
        if code == ENGLISH and probability >= QUICK_ENGLISH_PROBABILITY:
            return ENGLISH
    ranked = language_probabilities(text)
    english = next((probability for code, probability in ranked if code == ENGLISH), 0.0)
    if english >= ENGLISH_MIN_PROBABILITY:
        return ENGLISH
    return ranked[0][0]


def is_english(text: str) -> bool:
    return detect_language(text) == ENGLISH


_DECLARED = (
    re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)", re.IGNORECASE),
    re.compile(
        r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?\bcontent\s*=\s*[\"']?"
        r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)",
        re.IGNORECASE,
    ),
    re.compile(
        r"<meta\b[^>]*?property\s*=\s*[\"']?og:locale[\"']?[^>]*?\bcontent\s*=\s*[\"']?"
        r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)",
        re.IGNORECASE,
    ),
)


def declared_language(raw: str) -> str:
    """The language a saved web page declares (``<html lang>``, Content-Language, og:locale), or ``""``.

    Recorded for the editor; the detector, not the declaration, decides extraction.
    """
    head = raw[:20_000]
    for pattern in _DECLARED:
        match = pattern.search(head)
        if match:
            return match.group(1).replace("_", "-").lower()[:12]
    return ""
