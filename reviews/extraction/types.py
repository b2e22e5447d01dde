"""Plain data types shared by the extraction pipeline and its callers.

No Django import anywhere under ``reviews.extraction``: this package is pure text work,
fast to test and benchmark on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    SUPPORTED = "supported"
    SPECULATIVE = "speculative"
    NEEDS_SOURCE = "needs_source"


class CueKind(StrEnum):
    HEDGE = "hedge"  # may, could, is expected to, it remains to be seen ...
    WEASEL = "weasel"  # vague attribution: critics warn, experts say, reports suggest ...
    ATTRIBUTION = "attribution"  # named source: according to the Treasury, ..., the ministry said
    FACT = "fact"  # concrete checkable content with no source: numbers, dates, named actors doing things


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word or phrase; ``start``/``end`` are offsets into the claim text."""

    text: str
    start: int
    end: int
    kind: CueKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned article; ``start``/``end`` are offsets into the cleaned text."""

    text: str
    start: int
    end: int
    is_heading: bool = False
    is_list_item: bool = False


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    position: int  # 0-based order among the article's claims
    text: str
    start: int  # offsets into Extraction.cleaned_text: cleaned_text[start:end] == text
    end: int
    score: float  # check-worthiness in [0, 1]
    suggested_status: Status
    cues: tuple[Cue, ...] = field(default_factory=tuple)
    rule_status: Status | None = None  # the rules' status when a learned status model suggested another


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str  # the headline (first non-empty line), cleaned
    cleaned_text: str
    sentences: tuple[Sentence, ...]
    claims: tuple[ExtractedClaim, ...]
    language: str = "en"  # ISO 639-1 code ("und": undetermined); claims are only extracted for English
    declared_language: str = ""  # what a saved web page declares (<html lang>), recorded only


@dataclass(frozen=True, slots=True)
class LineResult:
    """Per-line mode: one input line judged on its own. ``cues`` offsets are into ``text``."""

    text: str
    is_claim: bool
    score: float  # check-worthiness in [0, 1]
    suggested_status: Status
    uncertain: bool  # the line carries a hedge or weasel cue (the CoNLL-2010 notion)
    cues: tuple[Cue, ...] = field(default_factory=tuple)
