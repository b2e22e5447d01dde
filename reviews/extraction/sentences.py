"""Split cleaned article lines into sentences, keeping offsets into the cleaned text.

Rules, in order of strength:

* a line is never crossed: the cleaner already joined sentences the scraper broke;
* a line without terminal punctuation (a heading) is its own unit;
* a boundary is ``.``/``!``/``?`` (plus closing quotes or brackets) followed by a space and
  something that can start a sentence;
* nothing inside a quotation splits, and an attribution that follows a closing quote
  (“... finished,” Governor Marsh said.) stays with the quotation;
* abbreviations (U.S., Dr., Jan. 5, e.g., p.m., et al.) do not end a sentence unless the next
  word is one that typically opens a sentence (“... sold in the U.S. The company ...”).
"""

from __future__ import annotations

import re

from reviews.extraction.cleaning import CleanedArticle, CleanLine
from reviews.extraction.lexicon import words
from reviews.extraction.types import Sentence

# Abbreviations that never end a sentence (a name or a number always follows).
_TITLE_ABBREVIATIONS = words(
    "mr mrs ms dr prof gov sen rep gen col lt sgt capt cmdr adm maj cpl pvt rev fr sr jr st mt ft pres "
    "supt insp det hon amb atty sec treas dept univ assn no nos vol vols fig figs pp p op approx est "
    "vs v cf e.g i.e viz al etc ca c a.k.a"
)
# Abbreviations a sentence may end in ("... sold in the U.S.").
_FINAL_ABBREVIATIONS = words(
    "u.s u.k u.n e.u u.s.a d.c a.m p.m inc ltd co corp llc plc bros jr sr st etc al ave blvd rd "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"
)
_SENTENCE_STARTERS = words(
    "the a an in it he she they we i you this that these those but and however meanwhile also its his "
    "her their there on at for after before when while as if according some many most one two three "
    "four five six several officials his our what why how who where still yet so then by with from "
    "under since last next despite although though to no not nearly about more"
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT_RE = re.compile(r"\s+([\"'“‘(\[]?)(\S*)")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"
_SPEECH_VERBS_RE = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|explained|noted|stated|recalled|"
    r"insisted|argued|replied|continued|warned|declared|announced|remarked)\b",
    re.IGNORECASE,
)
_TERMINAL_RE = re.compile(r"[.!?…:;]['\"’”)\]]*$")
_MAX_QUOTE_CHARS = 1200
_QUOTE_CHAR_RE = re.compile(f'[{_OPEN_QUOTES}{_CLOSE_QUOTES}"]')
_ABBREVIATION_TOKEN_RE = re.compile(r"(\S+)\.$")
_INITIAL_RE = re.compile(r"[a-z]")
_DOTTED_RE = re.compile(r"(?:[a-z]\.)+[a-z]")


def _quote_depths(text: str) -> list[int]:
    """Quotation depth at each character (curly quotes nest, straight quotes toggle)."""
    depths = [0] * (len(text) + 1)
    first_quote = _QUOTE_CHAR_RE.search(text)
    if first_quote is None:
        return depths  # most lines: no quotation, depth 0 throughout
    curly = 0
    straight = False
    opened_at = -1
    for i in range(first_quote.start(), len(text)):  # depth is 0 before the first quote mark
        ch = text[i]
        if ch in _OPEN_QUOTES:
            curly += 1
            opened_at = i
        elif ch in _CLOSE_QUOTES and curly:
            curly -= 1
        elif ch == '"':
            straight = not straight
            opened_at = i if straight else opened_at
        if (curly or straight) and i - opened_at > _MAX_QUOTE_CHARS:
            curly, straight = 0, False  # an unclosed quote must not swallow the paragraph
        depths[i + 1] = curly + (1 if straight else 0)
    return depths


def _is_abbreviation_stop(text: str, end: int, next_word: str) -> bool:
    """True when the period ending at ``end`` belongs to an abbreviation and does not end the sentence."""
    if text[end - 1] != ".":
        return False
    token_match = _ABBREVIATION_TOKEN_RE.search(text[max(0, end - 40) : end])
    if not token_match:
        return False
    token = token_match.group(1).lstrip("(\"'“‘[").lower()
    next_bare = next_word.lstrip("\"'“‘([").rstrip(".,;:!?\"'”’)")
    if _INITIAL_RE.fullmatch(token) or _DOTTED_RE.fullmatch(token):
        # an initial (John F. Kennedy) or a dotted abbreviation (U.S., e.g.)
        if token in _FINAL_ABBREVIATIONS or token.replace(".", "") in {
            "us",
            "uk",
            "un",
            "eu",
            "dc",
            "am",
            "pm",
        }:
            return next_bare.lower() not in _SENTENCE_STARTERS
        return True
    if token in _TITLE_ABBREVIATIONS:
        return True
    if token in _FINAL_ABBREVIATIONS:
        return next_bare.lower() not in _SENTENCE_STARTERS or next_bare[:1].isdigit()
    return False


def _can_start(next_word: str) -> bool:
    stripped = next_word.lstrip("\"'“‘([")
    if not stripped:
        return bool(next_word)
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "$€£#@" or not first.isalpha()


def split_text(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line of cleaned text."""
    if not text.strip():
        return []
    depths = _quote_depths(text)
    cuts: list[int] = []
    for match in _BOUNDARY_RE.finditer(text):
        end = match.end()
        after = _NEXT_RE.match(text, end)
        if not after:
            continue
        next_word = after.group(1) + after.group(2)
        if not _can_start(next_word):
            continue
        punct_end = match.start() + len(match.group(0).rstrip("\"'”’)]"))
        if depths[punct_end] > 0 and depths[end] > 0:
            continue  # inside a quotation
        if _is_abbreviation_stop(text, punct_end, next_word):
            continue
        cuts.append(end)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        segment = text[start:cut]
        lead = len(segment) - len(segment.lstrip())
        s, e = start + lead, start + len(segment.rstrip())
        if e > s:
            spans.append((s, e))
        start = cut
    return _merge_attributions(text, spans)


def _merge_attributions(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a short attribution (‘Marsh said.’) back onto the quotation before it."""
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged:
            previous = text[merged[-1][0] : merged[-1][1]]
            current = text[span[0] : span[1]]
            if (
                previous[-1:] in '”"’'
                and len(current.split()) <= 8
                and _SPEECH_VERBS_RE.search(current)
                and current.lstrip()[:1] not in '“"'
            ):
                merged[-1] = (merged[-1][0], span[1])
                continue
        merged.append(span)
    return merged


def split_line(line: CleanLine) -> list[Sentence]:
    spans = split_text(line.text)
    out: list[Sentence] = []
    for s, e in spans:
        piece = line.text[s:e]
        heading = (
            len(spans) == 1 and not line.is_list_item and not _TERMINAL_RE.search(piece) and not piece.endswith(",")
        )
        out.append(Sentence(piece, line.start + s, line.start + e, is_heading=heading, is_list_item=line.is_list_item))
    return out


def split_sentences(article: CleanedArticle) -> tuple[Sentence, ...]:
    """All sentences of a cleaned article in order, headline first."""
    sentences: list[Sentence] = []
    for line in article.lines:
        sentences.extend(split_line(line))
    return tuple(sentences)
