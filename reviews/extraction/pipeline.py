"""The extraction pipeline: clean → split → judge. Public entry points for the Django side."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from reviews.extraction import claims as claim_lib
from reviews.extraction.cleaning import clean_article, clean_line, decode_entities, looks_scraped, strip_markup
from reviews.extraction.language import ENGLISH, declared_language, detect_language
from reviews.extraction.modals import sets_past_frame
from reviews.extraction.sentences import is_list_intro, is_title_case, split_sentences
from reviews.extraction.types import (
    ExtractedClaim,
    Extraction,
    LineResult,
    Sentence,
    Status,
)

JsonRow = dict[str, object]
# texts -> embedding-side check-worthiness logits, one per text
# (e.g. ``reviews.matching.checkworthiness.score``)
EmbeddedScorer = Callable[[Sequence[str]], np.ndarray]


def extract_article(raw: str, *, learned: claim_lib.Learned | None = None) -> Extraction:
    """Clean ``raw``, split it into sentences and return the check-worthy claims with statuses.

    Every sentence is judged: there is no cap on the input or on the number of sentences. ``learned``
    (the newsroom's active models, ``reviews.services.learning``) re-ranks and may change the
    suggested status; without it the shipped model and the rules decide alone.
    """
    if not isinstance(raw, str):
        raw = str(raw)
    article = clean_article(raw)
    sentences = split_sentences(article)
    language = detect_language(article.text)
    declared = declared_language(raw)
    if language != ENGLISH:
        return Extraction(article.title, article.text, sentences, (), language, declared)
    extracted: list[ExtractedClaim] = []
    # A judgement depends only on the sentence's text and whether it is a heading: a scraped page
    # repeats lines (boilerplate, captions), so each distinct sentence is judged once.
    # A "could" after a sentence set in a past period may be the past of "can" ("The market opened in 1998.
    # Shoppers could pay by card at every stall."): the one piece of context a judgement takes.
    # An item of a list under an introduction ("What the ministry says it will do:", "Who is affected:") states
    # something even when short and bare ("Publish monthly waiting-time figures").
    judged: dict[tuple[str, bool, bool, bool], claim_lib.Judgement] = {}
    introduced = navigation = past_context = False
    for index, sentence in enumerate(sentences):
        listed = sentence.is_list_item and introduced
        if not sentence.is_list_item:
            introduced = is_list_intro(sentence.text)
            navigation = sentence.text.endswith(":") and not introduced
        elif navigation:
            continue  # the items of "More from News:", "You might also like:": links, not the article's claims
        if index == 0 and sentence.start == 0 and article.title and sentence.end == len(article.title):
            continue  # the headline
        # the narrative goes on through a run of such sentences ("... 60 stalls. Shoppers could pay by card. Traders
        # could rent a stall by the day.")
        carried = past_context and "could" in sentences[index - 1].text if index > 0 else False
        past_context = (
            index > 0
            and "could" in sentence.text
            and not sentences[index - 1].is_heading
            and (carried or sets_past_frame(sentences[index - 1].text))
        )
        key = (sentence.text, sentence.is_heading, past_context, listed)
        judgement = judged.get(key)
        if judgement is None:
            judgement = judged[key] = claim_lib.judge(
                sentence, learned=learned, past_context=past_context, listed=listed
            )
        if not judgement.is_claim:
            continue
        extracted.append(
            ExtractedClaim(
                position=len(extracted),
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                score=round(judgement.score, 4),
                suggested_status=judgement.status,
                cues=judgement.cues,
                rule_status=judgement.rule_status,
            )
        )
    return Extraction(article.title, article.text, sentences, tuple(extracted), language, declared)


def looks_like_heading(text: str) -> bool:
    """A short title-cased line without terminal punctuation (used when a line stands alone)."""
    words = text.split()
    if not words or len(words) > 14 or text.rstrip()[-1:] in '.!?:;"”’)':
        return False
    return is_title_case(text)


def extract_lines(lines: list[str], *, embedded: EmbeddedScorer | None = None) -> list[LineResult]:
    """Judge each input line on its own (per-line mode); one result per line, blank lines included.

    ``embedded`` (e.g. ``reviews.matching.checkworthiness.score``: texts -> embedding-side logits) is
    called once with every non-blank cleaned line; its logits refine the scores' ranking
    (``claims.judge``). Without it the score is the fast sparse model's.
    """
    texts = [
        clean_line(
            decode_entities(strip_markup(decode_entities(str(raw)))).replace("\n", " "), scraped=looks_scraped(str(raw))
        )
        for raw in lines
    ]
    logits: dict[int, float] = {}
    if embedded is not None:
        wanted = [i for i, text in enumerate(texts) if text]
        if wanted:
            logits = dict(zip(wanted, map(float, embedded([texts[i] for i in wanted])), strict=True))
    results: list[LineResult] = []
    for i, text in enumerate(texts):
        if not text:
            results.append(
                LineResult(
                    text="",
                    is_claim=False,
                    score=0.0,
                    suggested_status=Status.NEEDS_SOURCE,
                    uncertain=False,
                    cues=(),
                )
            )
            continue
        sentence = Sentence(text, 0, len(text), is_heading=looks_like_heading(text))
        judgement = claim_lib.judge(sentence, weasels=True, embedded=logits.get(i))
        results.append(
            LineResult(
                text=text,
                is_claim=judgement.is_claim,
                score=round(judgement.score, 4),
                suggested_status=judgement.status,
                uncertain=judgement.uncertain,
                cues=judgement.cues,
            )
        )
    return results


def to_json_rows(extraction: Extraction) -> list[JsonRow]:
    """The stable ``extract --format json`` rows, one per claim in article order."""
    return [
        {
            "text": claim.text,
            "suggested_status": str(claim.suggested_status),
            "score": claim.score,
            "cues": [
                {"text": cue.text, "start": cue.start, "end": cue.end, "kind": str(cue.kind)} for cue in claim.cues
            ],
        }
        for claim in extraction.claims
    ]


def line_rows(results: list[LineResult]) -> list[JsonRow]:
    """The ``extract --per-line`` rows: one per input line, 1-based ``line`` numbers."""
    return [
        {
            "line": number,
            "text": result.text,
            "is_claim": result.is_claim,
            "suggested_status": str(result.suggested_status),
            "score": result.score,
            "uncertain": result.uncertain,
            "cues": [
                {"text": cue.text, "start": cue.start, "end": cue.end, "kind": str(cue.kind)} for cue in result.cues
            ],
        }
        for number, result in enumerate(results, start=1)
    ]
