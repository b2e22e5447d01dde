"""Turn scraped article text into clean lines.

The scraped input carries markup debris in every state of decay (``<h2>``, ``< / li >``,
``strong >``, ``&lt;p&gt;``), HTML entities, odd whitespace, words glued together where a tag
was removed, spaces before punctuation, bullet markers and site boilerplate. Everything here is
a pure function over strings; the sentence splitter works on the resulting lines, so every
offset the pipeline reports is an offset into :attr:`CleanedArticle.text`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from reviews.extraction import glue
from reviews.extraction.caseless import pattern_width
from reviews.extraction.lexicon import words

_BLOCK_TAGS = (
    "p|div|li|ul|ol|h[1-6]|br|hr|blockquote|figure|figcaption|section|article|header|footer|nav|aside|"
    "table|thead|tbody|tfoot|tr|td|th|dl|dt|dd|main|pre|address|form|fieldset|caption|iframe|picture|"
    "video|audio|source|noscript|button|label|input|select|option|textarea|svg|path|meta|link|body|html|head"
)
_INLINE_TAGS = "strong|em|b|i|u|s|span|a|sup|sub|small|mark|cite|q|abbr|time|font|big|del|ins|code|img|wbr"
_ALL_TAGS = f"{_BLOCK_TAGS}|{_INLINE_TAGS}"

_COMMENT_RE = re.compile(r"<!--.{0,5000}?-->", re.DOTALL)
_SCRIPT_RE = re.compile(r"<\s*(script|style)\b[^<>]{0,500}>.{0,20000}?<\s*/\s*\1\s*>", re.DOTALL | re.IGNORECASE)
# A complete tag whose name we know, with any attributes and stray spaces: < div class = "x" >
_KNOWN_TAG_RE = re.compile(rf"<\s*(/?)\s*({_ALL_TAGS})\b[^<>]{{0,500}}?>", re.IGNORECASE)
# A complete tag we do not know by name, only in strict form: <custom-tag attr="x">
_GENERIC_TAG_RE = re.compile(
    r"</?[A-Za-z][\w:-]{0,30}(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"<>]{0,300}\"|'[^'<>]{0,300}'|[^\s<>]{1,100}))?){0,20}"
    r"\s*/?>"
)
# Fragments that lost their opening bracket: "strong >", "< / li" lost its end, "p >", "/ li >"
_TAIL_FRAGMENT_RE = re.compile(r"(?<![\w<])(/?) ?/? ?([A-Za-z][A-Za-z0-9]{0,9}) {0,3}/? {0,3}>")
_TAG_NAME_RE = re.compile(_ALL_TAGS, re.IGNORECASE)
_BLOCK_TAG_NAME_RE = re.compile(_BLOCK_TAGS)
_HEAD_FRAGMENT_RE = re.compile(rf"< {{0,3}}(/?) {{0,3}}({_ALL_TAGS})\b(?= {{0,3}}(?:/|$|\n)) {{0,3}}/?", re.IGNORECASE)
_HORIZONTAL_SPACE_RE = re.compile(r"[^\S\n]+")
# What ``_HORIZONTAL_SPACE_RE.sub(" ", ...)`` changes: a space other than " ", or two in a row (most texts have neither)
_ODD_SPACE_RE = re.compile(r"[^\S\n ]| [^\S\n]")
_LESS_THAN_NUMBER_RE = re.compile(r"<\s*(?=[$€£]?\d)")
# r"(?<![\w-])>\s*(?=[$€£]?\d)" with the same matches, opening with the ">" the engine can scan for
_MORE_THAN_NUMBER_RE = re.compile(r">(?<![\w-]>)\s*(?=[$€£]?\d)")
_ANGLE_RE = re.compile(r"[<>]")

_SPACE_CHARS = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\v\f"
_SPACE_TRANS: dict[int, str | None] = {ord(c): " " for c in _SPACE_CHARS}
_SPACE_TRANS.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
# Bidirectional controls can reorder what a reviewer sees ("Trojan source"): never keep them.
_SPACE_TRANS.update({ord(c): None for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"})
# Lines that hold none of those characters (most) skip the translation, which looks up every character.
_SPACE_TRANS_RE = re.compile("[" + "".join(chr(code) for code in _SPACE_TRANS) + "]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MULTISPACE_RE = re.compile(r" {2,}")

_BULLET_RE = re.compile(r"^(?:[-•*·‣▪◦●○■□–—>]+|\(?\d{1,2}[.)](?!\d)|\(?[a-zA-Z]\)|\([ivx]{1,4}\))\s*")

# Site furniture that is never part of the article body.
_BOILERPLATE_RE = re.compile(
    r"""^(?:
        advertisement|advert|ad|sponsored(?:\s+content)?|promoted|story\s+continues\s+below.*|
        continue\s+reading.*|skip\s+(?:to\s+)?(?:content|ad).*|
        share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page))?(?:\s+on\s+\w+)?|
        (?:read|see|watch|listen)\s+(?:more|also|next)\b.*|also\s+read\b.*|related(?:\s+(?:stories|articles|coverage))?\s*:.*|
        related\s+(?:stories|articles|coverage)|more\s+(?:from|on)\s+this\s+.*|recommended(?:\s+for\s+you)?|
        (?:sign\s+up|subscribe|register)\b.*(?:newsletter|inbox|updates|email|free).*|
        (?:get|receive)\s+(?:our|the)\b.*newsletter.*|.*\bnewsletter\b.*\b(?:sign\s+up|subscribe|inbox)\b.*|
        subscribe(?:\s+now|\s+today)?.*|follow\s+us\b.*|click\s+here\b.*|tap\s+here\b.*|
        (?:photo|image|picture|video|graphic|illustration|file\s+photo)(?:\s+(?:credit|courtesy))?\s*[:|(].*|
        (?:credit|image\s+credit|photo\s+credit|photograph|source\s+image)\s*:.*|
        .*\((?:photo|image|picture)s?\b[^)]*\)|.*\b(?:getty\s+images|reuters/|ap\s+photo|afp\s+via|shutterstock)\b.*|
        caption\s*:.*|copyright\b.*|©.*|all\s+rights\s+reserved.*|
        this\s+(?:article|story)\s+(?:was\s+)?(?:originally\s+)?(?:published|appeared)\b.*|
        (?:last\s+)?(?:updated|published|posted|modified)\b[\w ,:./|-]{0,60}|\d+\s*(?:-\s*)?min(?:ute)?s?\s+read|
        (?:additional\s+)?reporting\s+by\b.*|\(?(?:writing|editing)\s+by\b.*|our\s+standards\s*:.*|
        advertisement\s*[-–—:|]\s*.*|listen\s+to\s+this\s+(?:article|story).*|
        (?:file\s+)?photo\s*:.*|.*\b(?:reuters|ap|afp|getty)/[\w ./]+$|
        loading\.*|comments?|\d+\s+comments?|leave\s+a\s+comment|print(?:\s+this)?(?:\s+article)?|email|
        (?:tweet|facebook|twitter|linkedin|whatsapp|pinterest|reddit)(?:\s*[|/]\s*\w+)*|
        back\s+to\s+top|top\s+stories|most\s+(?:read|popular)|trending(?:\s+now)?|menu|search|home
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# r"(?<=\S) +([,.;:!?%])" with the same matches, opening with the space the engine can scan for
_SPACE_BEFORE_PUNCT_RE = re.compile(r" (?<=\S ) *([,.;:!?%])")
_LEFTOVER_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31};|#(?:[0-9]+|[xX][0-9A-Fa-f]+);?|#)")
_SPACE_BEFORE_CLOSE_RE = re.compile(r"(?<=\S) +([)\]])")
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[]) +")
_POSSESSIVE_RE = re.compile(r"(?<=[A-Za-z]) ?([’']) ?(?=(?:s|re|ve|ll|d|t|m)\b)")
_DIGIT_DASH_RE = re.compile(r"(?<=\d) *([–—]) *(?=\d)")
# "word.Next" and "word,next": the lookbehind comes after the punctuation (two letters, then it), which
# matches the same text as looking behind first but lets the engine scan for the punctuation mark
# A digit or a percent sign may end the sentence too ("since 2019.Shares", "3%.The"); a decimal never
# matches (a digit follows), a domain never does (lower case follows), and an abbreviation on the left
# ("Maj.Gen.", "Dr.Smith") is left alone for the sentence splitter.
# An acronym, a name, a decade or a contraction may end it as well ("ISIS.This", "H1B.We", "Ce.The", "1980s.The",
# "didn't.What"); "U.S.Senate" never matches (a full stop, not a letter, comes before the "S").
# A dotted abbreviation ("D.C.They") ends one only before a word that opens sentences (see _sentence_space).
_MISSING_SPACE_SENTENCE_RE = re.compile(
    r"([.!?])(?:(?<=[A-Za-z0-9'’][a-z][.!?])|(?<=[A-Z0-9][A-Z][.!?])|(?<=[0-9%)][.!?])|(?<=\.[A-Z]\.))"
    r"(?=[A-Z][a-z]|[AI] [a-z])"  # "million.A spokesperson", "left.I think": the one-letter words open one too
)
# "9:30 a.m.on weekdays", "e.g.the bus": a.m., p.m., e.g. or i.e. run into a lower-case word
_DOTTED_LOWER_RUN_RE = re.compile(r"(?<![\w.])(?:[ap]\.m|e\.g|i\.e)\.(?=([a-z]{2,})\b)")
_DOTTED_BEFORE_RE = re.compile(r"\.[A-Z]\.$")
_NEXT_WORD_RE = re.compile(r"[A-Za-z]+")
_SENTENCE_OPENERS = words(
    "the a an it its he she they we i you this that these those there his her their our but and however so then "
    "in on at for after before when while as if some many most one two three what why how who where"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)$")
# "U.S.The", "p.m.Tickets": a dotted abbreviation run into the next word (kept when it continues a name: "U.S.Steel")
_MISSING_SPACE_DOTTED_RE = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,3}(?=[A-Z][a-z])")
_DOT_BEFORE_CAPITALISED_RE = re.compile(r"\.[A-Z][a-z]")  # in every match of the one above: most lines have none
# "... over.”The board", "finished,”Governor Marsh", "on Monday.“It is": a quotation mark run into the next word
_MISSING_SPACE_QUOTE_RE = re.compile(r"(?<=[.!?,…]”)(?=[A-Z][a-z])|(?<=[a-z0-9%)]{2}[.!?])(?=“[A-Z])")
_NO_SPACE_ABBREVIATIONS = words(
    "mr mrs ms dr prof gov sen rep gen col lt sgt capt cmdr adm maj cpl pvt rev fr sr jr st mt ft pres supt insp "
    "det hon amb atty sec no vol fig pp op approx est vs cf al etc inc ltd co corp bros ave blvd rd jan feb mar "
    "apr jun jul aug sep sept oct nov dec"
)
# "rose,officials", "field,a few", "Well,I think", "years,Réti", "earlier,e.g.": any letters, the one-letter words
# a and I, and a dotted abbreviation.
_MISSING_SPACE_COMMA_RE = re.compile(r"([,;])(?<=[^\W\d_]{2}[,;])(?=[^\W\d_]{2}|[aAI](?![^\W\d_])|[a-z]\.[a-z]\.)")
# "dropped 6.5%after the cut": a percentage run into the next word (never written so: "5%-a-year" has its hyphen)
_PERCENT_GLUED_RE = re.compile(r"(?<=\d)%(?=[a-z]{2,}\b)")
_LINE_HYPHEN_RE = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")
_MOJIBAKE_RE = re.compile(r"[ÂÃâ][\u0080-\u00ff\u2018-\u203a\u0152-\u0178]")
_WORD_CHAR_RE = re.compile(r"\w")
_LETTERS_BEFORE_RE = re.compile(r"[A-Za-z]+$")
_LOWER_LETTERS_RE = re.compile(r"[a-z]+")
_HYPHENATED_END_RE = re.compile(r"([A-Za-z]+)-$")
_TERMINAL_RE = re.compile(r"[.!?:;…]['\"’”)\]]*$")
# Signs that text went through a scraper: markup or its fragments, entities, non-breaking, zero-width and tab
# characters, a space before a comma or full stop, a sentence run into the next ("2019.Shares").
_SCRAPE_DAMAGE_RE = re.compile(
    r"[<>\u00a0\u200b\u200c\u200d\u2060\ufeff\t]|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]+|#[xX][0-9A-Fa-f]+);"
    r"| [,.](?!\d)|[a-z]{2}[.!?][A-Z][a-z]"
)
# Its four alternatives apart, each opening with what the engine can scan for: a text shows damage when one
# of them is found (on clean text, where nothing is, four scans are faster than the alternation at every place)
_SCRAPE_DAMAGE_PARTS = (
    re.compile(r"[<>\u00a0\u200b\u200c\u200d\u2060\ufeff\t]"),
    re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]+|#[xX][0-9A-Fa-f]+);"),
    re.compile(r" [,.](?!\d)"),
    re.compile(r"[.!?](?<=[a-z]{2}[.!?])[A-Z][a-z]"),
)
# An abbreviation that ends in a full stop: dotted (u.s., a.m., e.g.) or one of the short forms above (no., jan.).
_ABBREVIATION_END_RE = re.compile(
    r"[(\[\"'“‘]*(?:(?:[a-z]\.){2,}|(?:" + "|".join(sorted(_NO_SPACE_ABBREVIATIONS)) + r")\.)"
)
_LETTER_RE = re.compile(r"[A-Za-z]")
_CONTINUATION_WORDS = words(
    "the a an of to in on at for with by and or but from as that which who whose is are was were has "
    "have had will would could should may might its their his her this these those than into about "
    "between after before over under during"
)


@dataclass(frozen=True, slots=True)
class CleanLine:
    """One line of the cleaned article; ``start``/``end`` are offsets into the cleaned text."""

    text: str
    start: int
    end: int
    is_list_item: bool = False


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    text: str  # the lines joined with "\n"
    lines: tuple[CleanLine, ...]
    title: str


def decode_entities(text: str) -> str:
    """Decode HTML entities, also when they were escaped twice (``&amp;rsquo;``)."""
    for _ in range(6):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _fix_mojibake(text: str) -> str:
    # ftfy is only worth its cost when the text shows the usual UTF-8-read-as-cp1252 marks.
    if not _MOJIBAKE_RE.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def strip_markup(text: str) -> str:
    """Remove tags and tag fragments; block-level tags become line breaks."""

    def tag_to_break(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        return "\n" if _BLOCK_TAG_NAME_RE.fullmatch(name) else " "

    def fragment_to_break(match: re.Match[str]) -> str:
        # "strong >", "/ li >": only known tag names, so "x > 5" or "Cats >" are left alone
        return tag_to_break(match) if _TAG_NAME_RE.fullmatch(match.group(2)) else match.group(0)

    text = _COMMENT_RE.sub(" ", text)
    text = _SCRIPT_RE.sub(" ", text)
    text = _KNOWN_TAG_RE.sub(tag_to_break, text)
    text = _GENERIC_TAG_RE.sub(" ", text)
    if _ODD_SPACE_RE.search(text):
        text = _HORIZONTAL_SPACE_RE.sub(" ", text)
    # the passes below each need a "<" or a ">": most articles have neither left by now
    if ">" in text:
        text = _sub_before_angles(_TAIL_FRAGMENT_RE, fragment_to_break, text, _TAIL_FRAGMENT_WIDTH)
    if "<" in text:
        text = _HEAD_FRAGMENT_RE.sub(tag_to_break, text)
        text = _LESS_THAN_NUMBER_RE.sub("less than ", text)
    if ">" in text:
        text = _MORE_THAN_NUMBER_RE.sub("more than ", text)
    return _ANGLE_RE.sub(" ", text)


def _sub_before_angles(
    pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], text: str, longest: int
) -> str:
    """``pattern.sub(replace, text)`` for a pattern whose matches end in their only ">" and are at most ``longest``
    characters long: only the stretch before each ">" is searched, not every place in the text.

    A match starting after the last one and at or before the next ">" ends at that ">" (it holds no other), so it
    starts at most ``longest - 1`` characters before it; the lookbehind still sees the text before the stretch.
    """
    pieces: list[str] = []
    position = 0  # the end of the last match: text from here on is not copied yet
    angle = text.find(">")
    while angle >= 0:
        match = pattern.search(text, max(position, angle + 1 - longest), angle + 1)
        if match is not None:
            pieces.append(text[position : match.start()])
            pieces.append(replace(match))
            position = match.end()
        angle = text.find(">", angle + 1)
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


_TAIL_FRAGMENT_WIDTH = pattern_width(_TAIL_FRAGMENT_RE)  # 22: "/ / ", a ten-letter name, "   /   >"


def normalise_spaces(line: str) -> str:
    if _SPACE_TRANS_RE.search(line):
        line = line.translate(_SPACE_TRANS)
    line = _CONTROL_RE.sub("", line)
    return _MULTISPACE_RE.sub(" ", line).strip()


# "WASHINGTON (Reuters) - " / "LONDON — " datelines that open a wire story's first paragraph.
_DATELINE_RE = re.compile(
    r"^[A-Z]{3,}(?:[ .'’-][A-Z]{2,}){0,3}(?:,\s*[A-Z][\w.]+)?(?:\s*\([A-Za-z .&]{2,30}\))?\s*[-—–]{1,2}\s+"
    r"(?=[A-Z\"“][^\n]*\s\S+\s\S+\s\S+\s\S+\s\S+[.!?\"”]$)"
)
# Bylines: "By Jane Doe and John Smith", "By Ana Ruiz, Staff Writer" (case-sensitive: not "By contrast, ...").
_BYLINE_RE = re.compile(
    r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}){0,3}"
    r"(?:\s*[,|]\s*[A-Z][\w ]{0,40})?$"
)

# A picture credit: a credit label followed only by names and organisations ("Photo by Jane Doe/Reuters",
# "Photographs: K. Osei", "Courtesy of Northwind Aviation", "Image via City Council"), a parenthesised name alone
# on its line ("(Northwind Aviation)", "(Jane Doe / Reuters)") or a picture agency's credit ("AP Photo/...").
_CREDIT_NAME = r"(?:[A-Z][\w.&'’-]*|\d{4}|handout|supplied|file|pool)"
_CREDIT_JOIN = r"(?:\s*[/,;|&+]\s*|\s+(?:(?:and|for|via|of|the|de|del|van|von|der|du|la|le)\s+)*)"
_CREDIT_NAMES = rf"{_CREDIT_NAME}(?:{_CREDIT_JOIN}{_CREDIT_NAME}){{0,9}}"
_AGENCY = (
    r"(?i:(?:ap|afp|pa|epa|reuters|xinhua)\s+(?:photo|images?)\b|afp(?:\s+via\s+getty\s+images)?|"
    r"getty\s+images|reuters|ap|pa\s+(?:media|wire)|epa(?:-efe)?|shutterstock|alamy)"
)
_CREDIT_RE = re.compile(
    r"^(?:(?i:(?:(?:file|handout|stock)\s+)?(?:photo(?:graph)?s?|photography|pictures?|pics?|images?|illustrations?|"
    r"graphics?|videos?|footage)(?:\s+(?:credit|courtesy)s?)?\s*(?:[:|–—-]|\bby\b|\bvia\b|\bfrom\b|\bcourtesy(?:\s+of)?\b)|"
    r"(?:photo\s+|image\s+)?credits?\s*[:|–—-]|courtesy(?:\s+of)?\b|handout\s*[:|–—-])\s*(?i:the\s+)?"
    rf"{_CREDIT_NAMES}\.?|\(\s*{_CREDIT_NAMES}\s*\)|"
    r"(?i:(?:handout|supplied)(?:\s+(?:photo|image)s?)?)|"
    rf"(?:{_CREDIT_NAMES}\s*/\s*)?{_AGENCY}(?:\s*/\s*{_CREDIT_NAMES})?)\s*$"
)
# A mark left where a picture was: "[Image]", "(Photo)", "Photo", "[Video: ...]".
_IMAGE_MARK_RE = re.compile(
    r"^(?:[\[(]\s*(?:photo|image|picture|video|graphic|gallery|illustration)s?\b[^\])]{0,80}[\])]|"
    r"(?:photo|image|picture|video|graphic|gallery|illustration)s?)$",
    re.IGNORECASE,
)


def is_credit(line: str) -> bool:
    """A line that only credits a picture (a caption's neighbour): boilerplate."""
    return len(line) < 160 and _CREDIT_RE.match(line) is not None


def is_image_mark(line: str) -> bool:
    return len(line) < 90 and _IMAGE_MARK_RE.match(line) is not None


def is_boilerplate(line: str) -> bool:
    return len(line) < 200 and bool(_BOILERPLATE_RE.match(line) or _BYLINE_RE.match(line) or is_credit(line))


# A photo caption: one short sentence describing a picture ("A cargo drone lowers a parcel in Hanley Park on
# Monday.", "Firefighters tackle the blaze near Exton."): capitalised, ends in a full stop, no second sentence, no
# quotation or attribution, no past tense, modal, future or question. Taken for a caption only next to a credit
# line or after an image mark (``clean_article``): the shape alone is also the shape of a one-line paragraph.
_CAPTION_SHAPE_RE = re.compile(r"^[A-Z][^.!?;:\"“”]{12,200}\.$")
_CAPTION_BLOCKER_RE = re.compile(
    r"\b(?:said|says|told|tells|according|was|were|had|did|has|have|will|would|could|can|may|might|must|should|"
    r"shall|not|n’t|n't|if|because|percent)\b|\b[a-z]{2,}ed\b|%",
    re.IGNORECASE,
)


def is_captioned_credit(line: str) -> bool:
    """A caption and its credit on one line ("A drone lowers a parcel in Hanley Park. (Skylark Logistics)",
    "Kiprono crosses the finish line. Photo: Harbourside Marathon / J. Lane"): boilerplate. The credit must be a
    label's credit or a parenthesised name, not a bare agency name, which also ends a news agency's own copy."""
    cut = line.rfind(". ", 0, 230)
    while cut > 0:
        caption, credit = line[: cut + 1], line[cut + 2 :]
        if looks_like_caption(caption) and is_credit(credit) and _LABELLED_CREDIT_RE.match(credit):
            return True
        cut = line.rfind(". ", 0, cut)
    return False


_LABELLED_CREDIT_RE = re.compile(
    r"\(|(?i:(?:file\s+|handout\s+|stock\s+)?(?:photo|picture|image|illustration|graphic|video|footage|credit|courtesy))"
)


def looks_like_caption(line: str) -> bool:
    return (
        2 <= line.count(" ") <= 27
        and _CAPTION_SHAPE_RE.match(line) is not None
        and _CAPTION_BLOCKER_RE.search(line) is None
    )


def _sentence_space(match: re.Match[str]) -> str:
    if _DOTTED_BEFORE_RE.search(match.string, max(0, match.start() - 2), match.end()):
        # "D.C.They": only before a word that opens sentences ("U.S.Senate" is a name)
        following = _NEXT_WORD_RE.match(match.string, match.end())
        return match.group(1) + (" " if following and following.group(0).lower() in _SENTENCE_OPENERS else "")
    word = _WORD_BEFORE_RE.search(match.string, 0, match.start())
    if match.group(1) == "." and word and word.group(1).lower() in _NO_SPACE_ABBREVIATIONS:
        # "Dr.Smith" stays; "Acme Inc.The company", "in Sept.Officials" get the space the splitter needs
        return match.group(1) + " " if _abbreviation_ends_sentence(match.string, match.end()) else match.group(1)
    return match.group(1) + " "


def _abbreviation_ends_sentence(line: str, end: int) -> bool:
    """Would the abbreviation whose full stop ends just before ``end`` end a sentence, by the splitter's rules?"""
    from reviews.extraction.sentences import is_abbreviation_stop

    after = line[end:].split(None, 2)
    if not after:
        return False
    return not is_abbreviation_stop(line, end, after[0], after[1] if len(after) > 1 else "")


def _dotted_space(match: re.Match[str]) -> str:
    # "in the U.S.The company", "at 9 p.m.Tickets": a space when the word after opens a sentence
    return match.group(0) + " " if _abbreviation_ends_sentence(match.string, match.end()) else match.group(0)


def _dotted_lower_space(match: re.Match[str]) -> str:
    # only before a real word: "a.m.on" opens up, a dotted code ("x.y.zz") stays as it is
    return match.group(0) + " " if glue.is_word(match.group(1)) else match.group(0)


def fix_punctuation_spacing(line: str) -> str:
    line = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", line)
    # each of the next four only removes spaces beside a character most lines lack: without such a space there,
    # it would change nothing, so the scan is skipped
    if " )" in line or " ]" in line:
        line = _SPACE_BEFORE_CLOSE_RE.sub(r"\1", line)
    if "( " in line or "[ " in line:
        line = _SPACE_AFTER_OPEN_RE.sub(r"\1", line)
    if " '" in line or "' " in line or " ’" in line or "’ " in line:
        line = _POSSESSIVE_RE.sub(r"\1", line)
    if " –" in line or "– " in line or " —" in line or "— " in line:
        line = _DIGIT_DASH_RE.sub(r"\1", line)
    if "." in line or "!" in line or "?" in line:
        line = _MISSING_SPACE_SENTENCE_RE.sub(_sentence_space, line)
        if _DOT_BEFORE_CAPITALISED_RE.search(line):
            line = _MISSING_SPACE_DOTTED_RE.sub(_dotted_space, line)
        if ".m." in line or ".g." in line or ".e." in line:  # most lines have none of the four
            line = _DOTTED_LOWER_RUN_RE.sub(_dotted_lower_space, line)
        if "“" in line or "”" in line:
            line = _MISSING_SPACE_QUOTE_RE.sub(" ", line)
    line = _MISSING_SPACE_COMMA_RE.sub(r"\1 ", line)
    if "%" in line:
        line = _PERCENT_GLUED_RE.sub("% ", line)
    return line


def _join_hyphenated(line: str) -> str:
    """``infra- structure`` (a line-break hyphen that lost its line break) becomes one word."""

    def join(match: re.Match[str]) -> str:
        left = _LETTERS_BEFORE_RE.search(line[: match.start()])
        right = _LOWER_LETTERS_RE.match(line[match.end() :])
        if (
            left
            and right
            and right.group(0) not in ("and", "or", "to", "nor")
            and glue.is_word(left.group(0) + right.group(0))
        ):
            return ""
        return "-"

    return _LINE_HYPHEN_RE.sub(join, line) if "- " in line else line


def _strip_bullet(line: str) -> tuple[str, bool]:
    match = _BULLET_RE.match(line)
    if not match:
        return line, False
    rest = line[match.end() :]
    marker = match.group(0).strip()
    # "(a)"/"a)" and "1." only count as list markers when text follows; a lone "A)" is kept.
    if not rest or (marker[-1:] == ")" and marker[:1].isalpha() and not rest[:1].isupper()):
        return line, False
    return rest.lstrip(), True


def _joins_next(line: str, next_line: str) -> bool:
    """True when ``line`` is a sentence broken by the scraper and ``next_line`` continues it."""
    if not line or not next_line:
        return False
    last_word = line.rsplit(" ", 1)[-1].lower()
    if _TERMINAL_RE.search(line):
        # "sold in the U.S." / "box office": an abbreviation's full stop, or a semicolon, before a lower-case word
        return next_line[:1].islower() and (
            line.endswith(";") or (line.endswith(".") and _ABBREVIATION_END_RE.fullmatch(last_word) is not None)
        )
    if line.endswith("-") and next_line[:1].islower():
        return True
    # a capitalised last word ends a title-case heading ("... Evening Services From May"), not a sentence
    if line.endswith(",") or (last_word in _CONTINUATION_WORDS and line.rsplit(" ", 1)[-1].islower()):
        return True
    if not next_line[:1].islower():
        return False
    # A block tag inside a sentence ("We </p> have seen him."): a paragraph never opens in lower case. Two short
    # lines in a row ("more buses", "lower fares") are a list without markers.
    return line.count(" ") >= 3 or (_LETTER_RE.search(line) is not None and _TERMINAL_RE.search(next_line) is not None)


_COLON_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|told|tells|added|wrote|writes|stated|declared|announced|explained|warned|insisted|replied)\b"
    r"[^:]{0,60}:$",
    re.IGNORECASE,
)
_MAX_QUOTATION_CHARS = 1200


def _continues_quotation(parts: list[str], next_line: str) -> bool:
    """The next line belongs to a quotation the line opened (a quotation is one unit with its attribution).

    “We are encouraged. / But the job is not finished,” Marsh said. — the quote is still open and the next
    line closes it; also the next paragraph of a quotation (“... / “...”) and an attribution on a line of its
    own before it (She said: / “Prices rose. ...”).
    """
    line = parts[-1]
    opens = next_line[:1] in '“"'
    if opens and line.endswith(":") and len(line.split()) <= 12 and _COLON_ATTRIBUTION_RE.search(line):
        return True
    if "“" not in line and '"' not in line:
        return False
    whole = "".join(parts)
    if len(whole) + len(next_line) > _MAX_QUOTATION_CHARS:
        return False
    if whole.count("“") > whole.count("”"):
        close = next_line.find("”")
        start = next_line.find("“")
        # closes it, or opens the quotation's next paragraph (which itself carries on or closes)
        return close >= 0 and (start < 0 or close < start or start == 0)
    if whole.count('"') % 2 == 1:
        return next_line.count('"') % 2 == 1 or (next_line[:1] == '"' and next_line.count('"') % 2 == 0)
    return False


def _merge_broken_lines(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    merged: list[tuple[list[str], bool]] = []
    for text, is_item in lines:
        if merged and not is_item:
            parts = merged[-1][0]
            tail = parts[-1][-60:]
            if _joins_next(tail, text) or _continues_quotation(parts, text):
                left = _HYPHENATED_END_RE.search(tail)
                right = _LOWER_LETTERS_RE.match(text)
                if left and right:
                    if glue.is_word(left.group(1) + right.group(0)):
                        parts[-1] = parts[-1][:-1]
                    parts.append(text)
                else:
                    parts.append(" " + text)
                continue
        merged.append(([text], is_item))
    return [("".join(parts), is_item) for parts, is_item in merged]


def looks_scraped(raw: str) -> bool:
    """Does ``raw`` (before cleaning) show scraping damage? Then weaker evidence of glue is enough (``glue._weak``)."""
    return any(part.search(raw) is not None for part in _SCRAPE_DAMAGE_PARTS)


def clean_line(line: str, *, scraped: bool = True) -> str:
    """Clean one line that already had its markup removed.

    ``scraped``: the text it came from shows scraping damage (``looks_scraped``); clean text keeps the joins
    that only word counts call glue (``glue.split_glued``).
    """
    line = normalise_spaces(line)
    if not line:
        return ""
    line = _join_hyphenated(line)
    line = fix_punctuation_spacing(line)
    line = glue.split_glued(line, scraped=scraped)
    line = _LEFTOVER_ENTITY_RE.sub("", line)  # unknown or broken entities that decoding left behind
    line = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", _MULTISPACE_RE.sub(" ", line))
    return line.strip()


# An opening list-item tag: "<li>Vell: 41%</li>" is a bullet item though it has no marker of its own.
_LIST_ITEM_TAG_RE = re.compile(r"<\s*li\b[^<>]{0,300}>", re.IGNORECASE)


def clean_article(raw: str, *, scraped: bool | None = None) -> CleanedArticle:
    """Clean a scraped article into body lines (headline first) with offsets.

    The whole of ``raw`` is cleaned: nothing is cut off (the size limit is the caller's,
    ``ARTICLE_MAX_BYTES``, which refuses an article before anything is stored). ``scraped`` overrides the
    damage decision (``looks_scraped``), for measuring the cleaner as if the page showed damage elsewhere.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if scraped is None:
        scraped = looks_scraped(text)
    text = _fix_mojibake(text)
    text = decode_entities(text)
    if "<" in text:
        text = _LIST_ITEM_TAG_RE.sub("\n• ", text)  # an item of a list keeps a marker once its tag is gone
    text = strip_markup(text)
    text = decode_entities(text)  # an entity may have been split by a tag: &amp;<b>amp;</b>

    raw_lines: list[tuple[str, bool]] = []
    # a caption stands next to its credit line or right after an image mark: ``pictured`` is the number of kept
    # lines when the last credit or mark was seen, so that the line just after it is judged too
    pictured = -1
    for piece in text.split("\n"):
        whole = normalise_spaces(piece)
        if not whole:
            continue
        if ". " in whole and is_captioned_credit(whole):
            continue
        credit = is_credit(whole)
        if credit or is_image_mark(whole):
            if (
                credit
                and raw_lines
                and pictured != len(raw_lines)
                and not raw_lines[-1][1]
                and looks_like_caption(raw_lines[-1][0])
                and (len(raw_lines) == 1 or not _joins_next(raw_lines[-2][0][-60:], raw_lines[-1][0]))
            ):
                raw_lines.pop()  # the caption above its credit
            pictured = len(raw_lines)
            continue
        if is_boilerplate(whole):
            continue
        if pictured == len(raw_lines) and looks_like_caption(whole):
            continue  # the caption below its credit or image mark
        line, is_item = _strip_bullet(whole)
        line = _DATELINE_RE.sub("", line)
        # the same line was just found to be no boilerplate: only a line that lost a bullet or a dateline is asked again
        if not line or (line != whole and is_boilerplate(line)) or not _WORD_CHAR_RE.search(line):
            continue
        raw_lines.append((line, is_item))

    lines: list[CleanLine] = []
    offset = 0
    for text_line, is_item in _merge_broken_lines(raw_lines):
        cleaned = clean_line(text_line, scraped=scraped)
        if not cleaned or not _WORD_CHAR_RE.search(cleaned):
            continue
        if offset:
            offset += 1  # the "\n" between lines
        lines.append(CleanLine(cleaned, offset, offset + len(cleaned), is_item))
        offset += len(cleaned)
    cleaned_text = "\n".join(line.text for line in lines)
    title = lines[0].text if lines else ""
    return CleanedArticle(cleaned_text, tuple(lines), title)


def clean_text(raw: str) -> str:
    """The cleaned article as one string, one body line per line."""
    return clean_article(raw).text
