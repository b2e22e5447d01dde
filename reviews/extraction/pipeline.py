"""TEMPORARY minimal pipeline so the Django side runs; replaced by the extraction branch."""

from __future__ import annotations

import html
import re

from reviews.extraction.types import Cue, CueKind, ExtractedClaim, Extraction, Sentence, Status

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>|<\s*/\s*[a-z]+\s*>|\b(?:strong|li|p|ul|br)\s*>|<\s*br\s*/?>")
_HEDGES = re.compile(r"\b(may|might|could|likely|expected to|suggests?|warn|seems?)\b", re.I)


def extract_article(raw: str) -> Extraction:
    text = _TAG.sub(" ", html.unescape(raw))
    lines = [re.sub(r"\s+", " ", line).strip(" -") for line in text.splitlines()]
    lines = [line for line in lines if line]
    cleaned = "\n".join(lines)
    sentences: list[Sentence] = []
    claims: list[ExtractedClaim] = []
    offset = 0
    for line in lines:
        for match in re.finditer(r"[^.!?]+[.!?]?", line):
            piece = match.group().strip()
            if not piece:
                continue
            start = cleaned.index(piece, offset)
            offset = start + len(piece)
            sentences.append(Sentence(piece, start, offset))
            if piece.endswith(".") and len(piece.split()) > 6:
                cues = tuple(Cue(m.group(), m.start(), m.end(), CueKind.HEDGE) for m in _HEDGES.finditer(piece))
                status = Status.SPECULATIVE if cues else Status.NEEDS_SOURCE
                claims.append(ExtractedClaim(len(claims), piece, start, offset, 0.5, status, cues))
    return Extraction(lines[0] if lines else "", cleaned, tuple(sentences), tuple(claims))


def to_json_rows(extraction: Extraction) -> list[dict[str, object]]:
    return [
        {
            "text": c.text,
            "suggested_status": c.suggested_status.value,
            "score": c.score,
            "cues": [{"text": q.text, "start": q.start, "end": q.end, "kind": q.kind.value} for q in c.cues],
        }
        for c in extraction.claims
    ]
