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
    "supt insp det hon amb atty sec treas dept univ assn approx est vs v cf e.g i.e viz ca c a.k.a"
)
# Abbreviations only before a number ("No. 3", "Fig. 2", "pp. 4-9"); otherwise the word itself ("the answer was no.").
_NUMBER_ABBREVIATIONS = words("no nos vol vols fig figs pp p op")
# Abbreviations a sentence may end in ("... sold in the U.S."); what decides is the word after them.
_FINAL_ABBREVIATIONS = words(
    "u.s u.k u.n e.u u.s.a d.c a.m p.m inc ltd co corp llc plc bros etc al ave blvd rd "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"
)
_COUNTRY_ABBREVIATIONS = words("us uk un eu usa dc")
_TIME_ABBREVIATIONS = words("am pm")
_COMPANY_ABBREVIATIONS = words("inc ltd co corp llc plc bros")
_STREET_ABBREVIATIONS = words("st ave blvd rd jr sr")
_MONTH_ABBREVIATIONS = words("jan feb mar apr jun jul aug sep sept oct nov dec")
_DAY_ABBREVIATIONS = words("mon tue tues wed thu thur thurs fri sat sun")
# Capitalised words that continue a name after the abbreviation rather than open a sentence:
# "U.S. Steel", "U.S. Securities and Exchange Commission", "9 p.m. Eastern", "Acme Inc. Chief Executive ...".
_COUNTRY_CONTINUATIONS = words(
    "steel army navy air marine marines forces force senate house congress congressional capitol court courts "
    "supreme district federal treasury department dept secretary president vice ambassador embassy envoy "
    "attorney attorneys attorney-general mission government bank bancorp census bureau securities trade open "
    "dollar dollars postal coast border customs food energy justice commerce labor labour defense defence "
    "state national central special olympic olympics team women's men's women’s men’s chamber institute "
    "agency administration geological fish forest park parks citizenship immigration homeland health "
    "education transportation interior agriculture veterans sen rep gen gov representative representatives "
    "senator senators congressman congresswoman speaker general lt col adm maj military intelligence "
    "space command embassy consulate cyber soccer tennis masters amateur championship championships "
    "financial national-security security council mint patent copyright marshals marshal nuclear "
    "environmental chamber-of-commerce export-import ex-im fed reserve economy"
)
_TIME_CONTINUATIONS = words(
    "eastern pacific central mountain atlantic alaska hawaii gmt utc et est edt pt pst pdt ct cst cdt mt mst mdt "
    "bst cet cest ist jst aest hkt sgt sast eat wat local monday tuesday wednesday thursday friday saturday "
    "sunday mon tue tues wed thu thurs fri sat sun jan feb mar apr may jun jul aug sep sept oct nov dec "
    "january february march april june july august september october november december time"
)
_COMPANY_CONTINUATIONS = words(
    "chief ceo cfo coo cto chairman chairwoman chair president founder co-founder executive spokesman "
    "spokeswoman spokesperson director inc ltd co corp llc plc limited group holdings & and"
)
_SENTENCE_STARTERS = words(
    "the a an in it he she they we i you this that these those but and however meanwhile also its his "
    "her their there on at for after before when while as if according some many most one two three "
    "four five six several officials his our what why how who where still yet so then by with from "
    "under since last next despite although though to no not nearly about more "
    "analysts critics experts police investigators authorities residents shares prices sales stocks "
    "markets traders workers employees customers passengers tickets people researchers scientists "
    "doctors patients voters lawmakers officers firefighters witnesses economists investors officially "
    "instead earlier later today yesterday overall separately elsewhere now all both each every other "
    "such only even much few none neither either unlike like among amid during until because unless "
    "whether whatever which"
)
# Words that open a sentence even after an initial ("... Plan B. The board ..."): never a surname.
_STRONG_STARTERS = words(
    "the a an it he she they we i this these those there but however meanwhile its his her their our "
    "in on at for after before when while if according"
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT_RE = re.compile(r"\s+([\"'“‘(\[]?)(\S*)(?:\s+(\S+))?")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"
_SPEECH_VERBS_RE = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|explained|noted|stated|recalled|"
    r"insisted|argued|replied|continued|warned|declared|announced|remarked)\b",
    re.IGNORECASE,
)
_TERMINAL_RE = re.compile(r"[.!?…:;]['\"’”)\]]*$")
_MAX_QUOTE_CHARS = 1200
_QUOTE_CHAR_RE = re.compile(f'[{_OPEN_QUOTES}{_CLOSE_QUOTES}"‘]')
_QUOTE_MARK_RE = re.compile(f'[{_OPEN_QUOTES}{_CLOSE_QUOTES}"‘’]')  # every character ``_quote_depths`` acts on
_ABBREVIATION_TOKEN_RE = re.compile(r"(\S+)\.$")
_INITIAL_RE = re.compile(r"[a-z]")
_DOTTED_RE = re.compile(r"(?:[a-z]\.)+[a-z]")
_INITIAL_WORD_RE = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")


def _quote_depths(text: str) -> list[int]:
    """Quotation depth at each character (curly quotes nest, straight quotes toggle).

    Single curly quotes (‘We are encouraged. But ...,’ Marsh said.) count too, told apart from the
    apostrophe (’) by position: ‘ opens before a letter at the start of a word; ’ closes after
    punctuation, or after a letter at the end of a word unless it is a plural possessive ("players’").
    """
    depths = [0] * (len(text) + 1)
    first_quote = _QUOTE_CHAR_RE.search(text)
    if first_quote is None:
        return depths  # most lines: no quotation, depth 0 throughout
    curly = 0
    straight = False
    single = False
    opened_at = -1
    # Only a quote mark changes the state: the characters between two marks take the depth of the first (or 0
    # from where a quotation open too long is dropped), set a slice at a time.
    position = first_quote.start()  # depth is 0 before the first quote mark
    marks = [match.start() for match in _QUOTE_MARK_RE.finditer(text, position)]
    for i in [*marks, len(text)]:
        if position < i:  # the characters position .. i - 1: no quote mark among them
            depth = curly + straight + single
            if depth:
                dropped = opened_at + _MAX_QUOTE_CHARS + 1  # the first character at which the quote is dropped
                if dropped < i:
                    depths[position + 1 : dropped + 1] = [depth] * (dropped - position)
                    curly, straight, single = 0, False, False  # an unclosed quote must not swallow the paragraph
                else:
                    depths[position + 1 : i + 1] = [depth] * (i - position)
        if i == len(text):
            break
        ch = text[i]
        if ch in _OPEN_QUOTES:
            curly += 1
            opened_at = i
        elif ch in _CLOSE_QUOTES and curly:
            curly -= 1
        elif ch == '"':
            straight = not straight
            opened_at = i if straight else opened_at
        elif ch == "‘" and not single and text[i + 1 : i + 2].isalpha() and (i == 0 or text[i - 1] in _BEFORE_OPEN):
            single = True
            opened_at = i
        elif ch == "’" and single and _closes_single(text, i):
            single = False
        if (curly or straight or single) and i - opened_at > _MAX_QUOTE_CHARS:
            curly, straight, single = 0, False, False
        depths[i + 1] = curly + straight + single
        position = i + 1
    return depths


_BEFORE_OPEN = ' \t([—–-“"/'
_AFTER_CLOSE = " \t,.;:!?)]—–"


def _closes_single(text: str, i: int) -> bool:
    before = text[i - 1 : i]
    after = text[i + 1 : i + 2]
    if before in (".", ",", "!", "?", ";", ":", "—", "–", "…"):
        return True
    return (not after or after in _AFTER_CLOSE) and before.isalpha() and before != "s"


def _bare(word: str) -> str:
    return word.lstrip("\"'“‘([").rstrip(".,;:!?\"'”’)")


def is_abbreviation_stop(text: str, end: int, next_word: str, following: str = "") -> bool:
    """True when the period ending at ``end`` belongs to an abbreviation and does not end the sentence.

    A sentence may itself end in an abbreviation ("... sold in the U.S. The company said ..."): then the
    word after it decides, by the kind of abbreviation. A capitalised word that opens sentences ("The",
    "Analysts") splits; one that continues a name does not ("U.S. Steel", "9 p.m. Eastern", "Dr. Rao").
    """
    if text[end - 1] != ".":
        return False
    token_match = _ABBREVIATION_TOKEN_RE.search(text[max(0, end - 40) : end])
    if not token_match:
        return False
    raw_token = token_match.group(1).lstrip("(\"'“‘[")
    if "." in raw_token and not _DOTTED_RE.fullmatch(raw_token.lower()):
        raw_token = raw_token.rsplit(".", 1)[1]  # "Maj.Gen": the last abbreviation decides
    token = raw_token.lower()
    next_bare = _bare(next_word)
    next_low = next_bare.lower()
    if next_bare[:1].isdigit():
        return True  # "No. 3", "Jan. 5", "p.m. 5"?: a number continues
    if token in _NUMBER_ABBREVIATIONS and len(token) > 1:
        return False  # "no." before a word is the word: "The answer was no. The board ..."
    if _INITIAL_RE.fullmatch(token) or _DOTTED_RE.fullmatch(token):
        # an initial (John F. Kennedy) or a dotted abbreviation (U.S., e.g.)
        compact = token.replace(".", "")
        if compact in _COUNTRY_ABBREVIATIONS:
            return not _country_sentence_start(next_bare, following)
        if compact in _TIME_ABBREVIATIONS:
            return next_low in _TIME_CONTINUATIONS
        if raw_token[:1].isupper():
            # initials ("John F. Kennedy", "E. T. A. Hoffmann") are followed by a surname, never by "The"
            return next_low not in _STRONG_STARTERS or _INITIAL_WORD_RE.fullmatch(next_word) is not None
        return True  # e.g., i.e., a.k.a., v.
    if token in _COMPANY_ABBREVIATIONS:
        return next_low in _COMPANY_CONTINUATIONS
    if token in _STREET_ABBREVIATIONS:
        return next_low not in _STRONG_STARTERS
    if token in _TITLE_ABBREVIATIONS:
        return True
    if token in _MONTH_ABBREVIATIONS or token in _DAY_ABBREVIATIONS:
        # "Jan. 5" (a number, above), "Fri. Jan. 5"; "approved in Sept. Officials said ..." splits
        return next_low in _TIME_CONTINUATIONS
    if token in ("etc", "al"):
        # "..., et al. Critics said": a capitalised word after them opens a sentence
        return not next_bare[:1].isupper()
    if token in _FINAL_ABBREVIATIONS:
        return next_low not in _SENTENCE_STARTERS
    return False


def _country_sentence_start(next_bare: str, following: str) -> bool:
    """After "U.S."/"U.K."/"D.C.": does ``next_bare`` open a sentence ("The", "Police said") or continue a name?"""
    low = next_bare.lower()
    if low in _SENTENCE_STARTERS:
        return True
    if low in _COUNTRY_CONTINUATIONS or not next_bare[:1].isupper() or next_bare.isupper():
        return False  # "U.S. Steel", "U.S. DVD sales"
    # a one-word subject and then its verb ("Sales rose", "Shoppers spent"); a capitalised word after it
    # means a longer name ("U.S. Bancorp Chief ...")
    after = _bare(following)
    return bool(after) and after[:1].islower()


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
        if is_abbreviation_stop(text, punct_end, next_word, after.group(3) or ""):
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
    """Keep a quotation with its attribution when a full stop inside the quote split them.

    “We are done. It is over.” Governor Marsh told reporters. → one unit; so is a dash attribution
    (“...” — Governor Marsh.) and a quotation that goes on after its attribution
    (“We lost,” said coach Reyes. “But we move on.”).
    """
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged:
            previous = text[merged[-1][0] : merged[-1][1]]
            current = text[span[0] : span[1]]
            if previous[-1:] in '”"’' and current[:1] not in '“"‘' and _is_attribution(current):
                merged[-1] = (merged[-1][0], span[1])
                continue
            if _is_bare_quotation(current) and _is_attributed_quotation(previous):
                merged[-1] = (merged[-1][0], span[1])
                continue
        merged.append(span)
    return merged


_ATTRIBUTION_DASH_RE = re.compile(r"^[—–-]\s*\S")
_REPORTED_CLAUSE_RE = re.compile(
    r"\b(?:that|is|are|was|were|will|would|could|can|may|might|must|should|has|have|had|did|does|do)\b", re.IGNORECASE
)
_MAX_ATTRIBUTION_SUBJECT_WORDS = 7


def _is_attribution(current: str) -> bool:
    """‘Marsh said.’, ‘Governor Helena Marsh told reporters on Tuesday.’, ‘said Marsh, who ...’, ‘— Marsh.’

    Not a sentence of its own that reports something new: ‘Marsh said the plan would fail.’
    """
    if _ATTRIBUTION_DASH_RE.match(current):
        return len(current.split()) <= 12
    verb = _SPEECH_VERBS_RE.search(current)
    if verb is None:
        return current.lower().startswith("according to ")
    subject = current[: verb.start()]
    if len(subject.split()) > _MAX_ATTRIBUTION_SUBJECT_WORDS or "," in subject:
        return False  # "Talks continued, officials said.": a sentence of its own
    rest, _, later = current[verb.end() :].partition(",")
    # "Talks continued, officials said.": a sentence with an attribution of its own
    return _REPORTED_CLAUSE_RE.search(rest) is None and _SPEECH_VERBS_RE.search(later) is None


def _is_attributed_quotation(unit: str) -> bool:
    """“We lost. That hurts,” said coach Reyes. — a quotation first, then only its attribution."""
    if unit[:1] not in '“‘"' or unit[-1:] in '”"’':
        return False
    close = max(unit.rfind("”"), unit.rfind('"'), unit.rfind("’"))
    return close > 0 and _is_attribution(unit[close + 1 :].strip(" ,"))


def _is_bare_quotation(current: str) -> bool:
    """A unit that is one quotation and nothing else: “But we move on.”"""
    if current[:1] not in "“‘" or current[-1:] not in "”’":
        return False
    depths = _quote_depths(current)
    return all(depths[i] > 0 for i in range(1, len(current)))


# A label and a figure ("Vell: 41%", "Greens and Liberals: 8% each"): a list item whose marker was lost, not a
# heading ("Budget 2025: What Changes" has its figure before the colon; "Election: 5 Things to Know" is a title).
_LABEL_FIGURE_RE = re.compile(
    r"^[^:]{1,60}(?::|\s[–—-])\s+(?=[^:]*\d)(?![^:]*\b(?:things|ways|reasons|tips|facts|questions|steps|lessons|takeaways|"
    r"charts|moments|numbers)\b)",
    re.IGNORECASE,
)


def split_line(line: CleanLine, listed: bool = False) -> list[Sentence]:
    """The sentences of one line; ``listed``: the line follows a list introduction ("Who is affected:") and is an
    item of it though it has no marker."""
    spans = split_text(line.text)
    out: list[Sentence] = []
    item = line.is_list_item or (listed and len(spans) == 1)
    for s, e in spans:
        piece = line.text[s:e]
        heading = (
            len(spans) == 1
            and not item
            and not _TERMINAL_RE.search(piece)
            and not piece.endswith(",")
            and not _LABEL_FIGURE_RE.match(piece)
        )
        out.append(Sentence(piece, line.start + s, line.start + e, is_heading=heading, is_list_item=item))
    return out


# Introductions of a site's link lists, not of the article's own list: "More from News:", "You might also like:".
NAVIGATION_INTRO_RE = re.compile(
    r"^(?:more\s+(?:from|on|in|about|stories|news)\b|you\s+(?:might|may)\s+(?:also\s+)?(?:like|enjoy)|"
    r"also\s+(?:read|see|in|on)\b|see\s+also|most\s+(?:read|popular|viewed|shared|watched)|trending|recommended|"
    r"related\s+(?:stories|articles|coverage|links|reading)|top\s+stories|further\s+reading|in\s+other\s+news|"
    r"read\s+next|what\s+to\s+read)\b",
    re.IGNORECASE,
)


def is_list_intro(text: str) -> bool:
    """A sentence that introduces a list of the article's own ("Who is affected:"), not a site's list of links."""
    return text.endswith(":") and NAVIGATION_INTRO_RE.match(text) is None


_SMALL_WORDS = words("a an the and or but of to in on at for with by as vs from")


def is_title_case(text: str) -> bool:
    """ "What Happens Next": most content words capitalised, as in a heading (not "Listed buildings in ...")."""
    content = [w for w in text.split() if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    return bool(content) and sum(1 for w in content if w[:1].isupper()) >= 0.8 * len(content)


def split_sentences(article: CleanedArticle) -> tuple[Sentence, ...]:
    """All sentences of a cleaned article in order, headline first."""
    sentences: list[Sentence] = []
    # lines of one sentence after a list introduction ("Who is affected:") are its items, marked or not, until a
    # line that is none: a heading ("What Happens Next") or a paragraph
    after_intro = False
    for line in article.lines:
        listed = (
            after_intro
            and not line.is_list_item
            and not line.text.endswith(":")
            and (not is_title_case(line.text) or _LABEL_FIGURE_RE.match(line.text) is not None)
        )
        pieces = split_line(line, listed)
        sentences.extend(pieces)
        if not (line.is_list_item or (listed and len(pieces) == 1)):
            after_intro = bool(pieces) and is_list_intro(pieces[-1].text)
    return tuple(sentences)
