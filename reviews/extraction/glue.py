"""Split words that the scraper glued together (``betweendiplomatic``, ``NorthSea``).

A token is split only when the evidence is strong: the token itself is rare or unknown in the
``wordsegment`` web-frequency tables, its best two-way segmentation consists of common words,
and the pair is far more frequent than the token (an independence estimate of the pair's count,
or its observed bigram count). Newer or rarer words the 2006 tables do not know (``kneebar``, ``clickbait``)
come from ``data/word_frequencies.txt.gz``, derived from wordfreq by ``scripts/build_word_frequencies.py``,
and a small list in ``data/known_words.txt``. A three-letter part must be common (rarer ones are codes).

Where the only evidence is that estimate for two content words (``permitwait``; the same shape as a rare
compound, ``timesink``), and for two capitalised words run together (``MetroTransit``, ``EndWar``), the token is
split only in text that shows scraping damage: ``split_glued(..., scraped=...)``. So is a rare closed spelling of
two common content words that the tables count but that is far rarer than its two-word form (``prizemoney``,
``shiftworkers``: ``_split_rare_closed``). After a hyphen both are split in any text, and so is a token no list
knows made of two content words of 4+ letters (``wood-shakeroofs``: ``_split_after_hyphen``).

Mixed-case glue (``theDowntownLibrary``, ``generativeAI``, ``AIchips``, ``MetroTransit``) is split at the
case change when the pieces are common words, never inside a brand: a name whose lower-case form the
frequency tables know (``PayPal``, ``YouTube``, ``eBay``) or that ``data/brand_names.txt`` lists
(``OpenAI``, ``iPhone``), a one-letter or two-letter head (``iPad``, ``McDonald``), a capitalised word
before an acronym (``OpenAI``, ``ChatGPT``) and an acronym before a capitalised word (``JPMorgan``). A lower-case
function word before a capital (``theWorld``, ``ofAmerica``, ``asUS``) is glue whatever the lower-case form's count
(those counts come from URLs and domains), and so are ``The`` and a title before a name (``TheSupreme``,
``SenatorCruz``), in any text.
"""

from __future__ import annotations

import gzip
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
# A lower-case run may follow a hyphen ("short-termrates"): only the run after it is looked at.
_TOKEN_RE = re.compile(r"(?<![\w@/#.&])[A-Za-z]{4,40}(?![\w@/&]|\.[A-Za-z])")
# Three letters, a two-letter function word and "a" (isa, ofa, toa): no English word has this form.
# r"(?<![\w@/#.&'’-])(of|in|is|to|by|as|on|at)a(?![\w@/&'’-])" with the same matches, opening with the letters
# the engine can scan for
_PREPOSITION_A_RE = re.compile(r"(of|in|is|to|by|as|on|at)(?<![\w@/#.&'’-]..)a(?![\w@/&'’-])")
# Closed-class words: a join with one of them is glue, not a compound (litanyof, tomosques, deniedwhat). Real
# words that begin or end in one (tomorrow, often, without) are known to the tables and never reach this list.
_CLOSED_WORDS = words(
    "the a an of to in on at by for with from into onto upon about over after before between against during "
    "near across around behind beyond along among amid toward towards since until despite above below via "
    "through without within than and or but nor so if as that this these those what which who whom whose when "
    "where while because is are was were be been being has have had does did will would could should shall may "
    "might must can not no its his her their our your my them they we you he she it him me us up there here some "
    "any each every all both many much more most such very also even ever never just only now already again "
    "always often soon together twice"
)
# A token with a case change inside it: lower then upper (theDowntown, generativeAI) or an acronym run
# into a lower-case word (AIchips).
_MIXED_RE = re.compile(r"(?<![\w@/#.&-])(?:[A-Za-z]*[a-z][A-Z][A-Za-z]*|[A-Z]{2,6}[a-z]{3,})(?![\w@/&]|\.[A-Za-z])")
_CASE_CHANGE_RE = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")  # in every match of the one above: most lines have none
_HUMP_RE = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+")
_ACRONYM_WORD_RE = re.compile(r"([A-Z]{2,6})([a-z]{3,})")
# Titles before a name (SenatorCruz, GovernorRomney, PrinceGeorge): glue, never a brand's first half.
_TITLES = words(
    "senator governor secretary president vice prince princess king queen lord lady sir dame duke judge justice "
    "general colonel captain admiral sergeant minister chancellor mayor chairman chairwoman professor doctor "
    "saint pope bishop cardinal congressman congresswoman representative sheriff ambassador commissioner premier"
)
_LOWER_HEAD_RE = re.compile(r"[a-z]+(?=[A-Z])")
_SHORT_HEADS = words("of in on at to by as an or is a my no be we he it if so up")
# Function words before a capitalised word or an acronym (theWorld, ofAmerica, asUS): glue whatever the web
# counts say about the token in lower case, which mostly come from URLs and domain names (theworld, bankofamerica).
_GLUE_HEADS = words(
    "the a an of in on at to by for from with into onto as is was be are were or and but no my our your his her "
    "its their this that these those than about over under after before between against during across"
)
# Where a sentence starts: the line's start or a full stop, then any opening quotes or brackets.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;][\"”’')\]]*\s+)[\"“‘'(\[]*$")

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
def _wordfreq_counts() -> dict[str, float]:
    """Words the wordsegment tables lack but wordfreq knows (``kneebar``, ``crossfit``), on the tables' scale.

    Built by ``scripts/build_word_frequencies.py`` from wordfreq's large English list (CC BY-SA 4.0): only
    words the tables count fewer than 20,000 times that could be cut into two common words.
    """
    text = gzip.decompress((_DATA / "word_frequencies.txt.gz").read_bytes()).decode("utf-8")
    counts: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, zipf100 = line.split(" ")
            counts[word] = 10 ** (int(zipf100) / 100 - 9) * _TOTAL
    return counts


@lru_cache(maxsize=1)
def _brand_names() -> frozenset[str]:
    path = _DATA / "brand_names.txt"
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return frozenset(w.lower() for line in lines for w in line.split())


def is_brand(token: str) -> bool:
    """A mixed-case name to keep whole: listed, or its lower-case form is common in the web counts."""
    low = token.lower()
    return low in _brand_names() or low in _known_words() or known_count(low) >= 20_000


def _common_pair(token: str) -> bool:
    """Two capitalised words far more often written apart than together (``UnitedStates``, ``NewYork``,
    ``WhiteHouse``: the web counts know the joined forms from URLs and hashtags, ten times less often)."""
    humps = _HUMP_RE.findall(token)
    if len(humps) != 2 or not all(h[0].isupper() and h[1:].islower() for h in humps):
        return False
    bigram = _tables()[1].get(f"{humps[0].lower()} {humps[1].lower()}", 0.0)
    return bigram > 10 * known_count(token.lower())


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    path = _DATA / "known_words.txt"
    words = {w.strip().lower() for w in path.read_text(encoding="utf-8").split() if w.strip()}
    return frozenset(words)


def count(word: str) -> float:
    """Uses of ``word`` in the wordsegment table (web counts, 2006): how common a part of a glued token is."""
    return _tables()[0].get(word.lower(), 0.0)


def known_count(word: str) -> float:
    """Uses of ``word`` as a whole word: the wordsegment table or the wordfreq list, whichever is higher.

    Only for keeping a token whole. The wordfreq list also holds rare closed spellings of hyphenated words
    (``crossborder``, ``twentyfive``), so it is never evidence for joining (``is_word``).
    """
    low = word.lower()
    return max(_tables()[0].get(low, 0.0), _wordfreq_counts().get(low, 0.0))


def is_word(word: str) -> bool:
    """A real word: known to the frequency table or to our list of newer words."""
    low = word.lower()
    if low in _known_words():
        return True
    return count(low) >= 20_000 and len(split_token(low)) == 1


# A three-letter string in the web counts is mostly a code or an acronym until it is common: of the 1,450
# counted 1M-5M times, 13 % are English words by wordfreq (Zipf >= 3.5: "gym", "owl"), against 76 % of the
# 677 counted more often ("adp", "ara" and "jas" are below; "new", "flu" and "tax" above).
_THREE_LETTER_PART_MIN = 5_000_000


def _part_ok(part: str, min_count: float) -> bool:
    if len(part) <= 2:
        return part in _SHORT_PARTS
    if len(part) == 3:
        min_count = max(min_count, _THREE_LETTER_PART_MIN)
    return count(part) >= min_count


@lru_cache(maxsize=50_000)
def split_token(token: str) -> tuple[str, ...]:
    """The parts of a glued lower-case token, or ``(token,)`` when it should stay whole."""
    low = token.lower()
    if low in _known_words():
        return (token,)
    unigrams, bigrams = _tables()
    whole = known_count(low)
    best: tuple[float, int] | None = None
    for cut in range(1, len(low)):
        left, right = low[:cut], low[cut:]
        if not (_part_ok(left, 1_000_000) and _part_ok(right, 1_000_000)):
            continue
        if right in _SUFFIXES or (left in _PREFIXES and right not in _FUNCTION_WORDS):
            continue
        expected = count(left) * count(right) / _TOTAL
        evidence = max(expected, bigrams.get(f"{left} {right}", 0.0))
        if evidence < 100 or whole * 50 > evidence:
            continue
        if best is None or evidence > best[0]:
            best = (evidence, cut)
    if best is None:
        return (token,)
    cut = best[1]
    return (token[:cut], token[cut:])


def _split_boundary(left: str, right: str, scraped: bool) -> bool:
    """Split between two humps of a mixed-case token?"""
    if left[0].islower():
        if len(left) <= 2:
            return left in _SHORT_HEADS and right[0].isupper()
        if right.isupper():  # generativeAI
            return count(left) >= 100_000 or is_word(left)
        # theDowntown, praisingVladimir; a three-letter head must be common (xyzCorp is a name)
        return count(left) >= (_THREE_LETTER_PART_MIN if len(left) == 3 else 100_000)
    if left.isupper() and len(left) >= 2 and right.islower():
        return len(right) >= 3 and count(right) >= 1_000_000  # NATOofficials
    if left.isupper():
        return False  # JPMorgan
    if left == "The" or (left.lower() in _TITLES and not right.isupper()):
        # TheSupreme, TheUS, SenatorCruz: "The" or a title before a name is no brand's first half (other function
        # words are: MyTV, BePDF, InDesign, OnePlus)
        return True
    if right.isupper():
        return False  # OpenAI, ChatGPT
    # MetroTransit: two capitalised common words that are not a prefix and its stem (BioDyne). A name is made
    # the same way (EndWar, CrossFit), so only text that shows scraping damage has these split.
    return (
        scraped
        and len(left) >= 3
        and len(right) >= 3
        and left.lower() not in _PREFIXES
        and count(left) >= 10_000_000
        and count(right) >= 100_000  # NotSerializable is code, not glue
    )


@lru_cache(maxsize=20_000)
def split_mixed(token: str, scraped: bool = True) -> str:
    """Split a mixed-case glued token at its case changes, keeping brand names whole.

    ``scraped``: the text shows scraping damage, so two capitalised words run together are taken for glue.
    """
    low = token.lower()
    acronym_word = _ACRONYM_WORD_RE.fullmatch(token)
    if acronym_word:  # AIchips, NASAlaunched (never GPUs, PhD: the tail is a common word of 3+ letters)
        head, tail = acronym_word.groups()
        if low in _brand_names() or low in _known_words():
            return token
        # The lower-case form's count stands for a brand (SQLite) only when it beats the pair (AMand: "amand").
        if known_count(low) * 50 > count(head) * count(tail) / _TOTAL:
            return token
        return f"{head} {tail}" if count(tail) >= 100_000 or tail in _known_words() else token
    if low in _brand_names():
        return token
    head_match = _LOWER_HEAD_RE.match(token)
    # theWorld, ofAmerica: after a function word only a listed name stays whole; UnitedStates: a pair far more
    # common apart is no brand
    if not (head_match and head_match.group(0) in _GLUE_HEADS) and is_brand(token) and not _common_pair(token):
        return token
    humps = _HUMP_RE.findall(token)
    if "".join(humps) != token or len(humps) < 2:
        return token
    if len(humps) >= 3 and token[0].isupper():
        return token  # NotSerializableException, GlaxoSmithKline: identifiers and names, not glue
    out = [humps[0]]
    for left, right in zip(humps, humps[1:], strict=False):
        if _split_boundary(left, right, scraped):
            out.append(" ")
        out.append(right)
    return "".join(out)


def _weak(parts: tuple[str, ...]) -> bool:
    """Is a two-way split backed only by the independence estimate of two content words?

    ``chinface`` and ``timesink`` (rare compounds) look exactly like ``permitwait`` and ``vaccinedoses``
    (glue) to word counts: four letters or more each side and the pair never seen in the bigram table. A
    closed-class word on either side (``deductionswithout``, ``tearingthis``) makes it glue: compounds are
    made of content words.
    """
    left, right = (part.lower() for part in parts)
    if left in _CLOSED_WORDS or right in _CLOSED_WORDS or _inflected(left):
        return False
    return len(left) >= 4 and len(right) >= 4 and f"{left} {right}" not in _tables()[1]


_INFLECTIONS = (
    ("ly", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("est", ""),
    ("est", "e"),
    ("ies", "y"),
    ("s", ""),
)


def _adverb(word: str) -> bool:
    """An adverb in -ly made from a common word (``largely``, ``viciously``): like a closed-class word, it is
    no half of a compound (``largelyunmatched``, ``childrenviciously`` are glue)."""
    return len(word) >= 5 and word.endswith("ly") and count(word[:-2]) >= 1_000_000


# Endings of derived adjectives (massive, terrible, wonderful, famous, typical): no closed compound starts with one.
_ADJECTIVE_ENDINGS = ("ive", "ible", "able", "ful", "ous", "ical")


def _inflected(left: str) -> bool:
    """An adverb, a past or present participle, a superlative or a plural of a common word (``finally``,
    ``respected``, ``largest``, ``voters``), or a derived adjective (``massive``, ``terrible``): compounds do not
    start with one (``finallyputting``, ``massivededuction`` are glue)."""
    if len(left) >= 6 and left.endswith(_ADJECTIVE_ENDINGS) and count(left) >= 1_000_000:
        return True
    if left.endswith(("ss", "us", "is")):
        return False
    for ending, replacement in _INFLECTIONS:
        stem = left[: -len(ending)] + replacement
        if left.endswith(ending) and len(stem) >= 3 and count(stem) >= 1_000_000:
            return True
    return False


@lru_cache(maxsize=50_000)  # a pure function of the token and its context flags; news repeats its words
def _split_lower(token: str, scraped: bool, after_hyphen: bool = False, by_apostrophe: bool = False) -> str:
    if len(token) == 4:  # tobe, anda, ofus: only two closed-class words
        parts = split_token(token)
        if len(parts) == 2 and all(part.lower() in _CLOSED_WORDS for part in parts):
            return " ".join(parts)
        return token
    parts = split_token(token)
    if len(parts) == 1 and not by_apostrophe:  # K'aresh, munchin's: names and rare nouns, not glue
        parts = _split_closed(token)
    if len(parts) == 1 and len(token) >= 10:
        low_parts = _split_unknown(token.lower())
        if len(low_parts) == 2:
            parts = (token[: len(low_parts[0])], token[len(low_parts[0]) :])
    if len(parts) == 1 and (scraped or after_hyphen):
        parts = _split_rare_closed(token)
    if len(parts) == 1 and after_hyphen:
        parts = _split_after_hyphen(token)
    # After a hyphen (so-calledline, middle-classfamilies) a closed compound is rarer than glue.
    if len(parts) == 2 and not scraped and not after_hyphen and _weak(parts):
        return token
    return " ".join(parts)


@lru_cache(maxsize=20_000)
def _split_closed(token: str) -> tuple[str, ...]:
    """An unknown token made of a closed-class word (or an adverb in -ly) and a word the tables know
    (``litanyof``, ``tomosques``, ``largelyunmatched``).

    The other part may be much rarer than ``split_token`` asks (``litany``, ``mosques``), but not a bound
    prefix or suffix, and of 4+ letters (5+ before a one- or two-letter closed word, which many rare words end
    in: protein, actor). The token itself must be unknown to both frequency lists and not an inflection.
    """
    low = token.lower()
    if known_count(low) > 0 or low in _known_words() or _is_inflection(low):
        return (token,)
    best: tuple[float, int] | None = None
    for cut in range(1, len(low)):
        left, right = low[:cut], low[cut:]
        if left in _CLOSED_WORDS or _adverb(left):
            closed, other, other_min = left, right, 4
        elif right in _CLOSED_WORDS or _adverb(right):
            closed, other, other_min = right, left, 5 if len(right) <= 2 else 4
        else:
            continue
        if len(other) < other_min or other in _CLOSED_WORDS or other in _PREFIXES or other in _SUFFIXES:
            continue
        if len(closed) == 1:
            floor = 200_000.0  # arame is no "a rame"
        elif closed == left and len(closed) >= 3 and len(other) >= 6:
            floor = 1.0  # after "the", "and", "for": any word the tables count (theseraglio, andmereology)
        else:
            floor = 50_000.0
        if count(other) < floor:
            continue
        evidence = count(closed) * count(other)
        if best is None or evidence > best[0]:
            best = (evidence, cut)
    if best is None:
        return (token,)
    return (token[: best[1]], token[best[1] :])


# Particles after a verb make real closed nouns more often than glue does (turnoff, setoff, putdown, makeout).
_PARTICLES = words("off out down away back over about around through")
# A closed spelling counted this rarely (fewer uses than the two-word form by the ratio below) is no established
# word: "prizemoney" 27,880 against "prize money" 361,198; "onetime" (339,415) and "turnoff" stay whole by count.
_RARE_CLOSED_MAX = 250_000
_RARE_CLOSED_RATIO = 10


def _content_cuts(low: str, min_len: int, min_count: float = 1_000_000) -> list[tuple[str, str]]:
    """Cuts of ``low`` into two content words of ``min_len``+ letters counted ``min_count``+ times (no closed-class
    word, bound prefix, suffix or particle)."""
    cuts = []
    for cut in range(min_len, len(low) - min_len + 1):
        left, right = low[:cut], low[cut:]
        if not (_part_ok(left, min_count) and _part_ok(right, min_count)):
            continue
        if left in _CLOSED_WORDS or right in _CLOSED_WORDS or right in _PARTICLES:
            continue
        if left in _PREFIXES or right in _SUFFIXES:
            continue
        cuts.append((left, right))
    return cuts


@lru_cache(maxsize=20_000)
def _split_rare_closed(token: str) -> tuple[str, ...]:
    """A rare closed spelling of two common content words, split in scraped text or after a hyphen
    (``prizemoney``, ``shiftworkers``): ``split_token`` keeps them whole for their web count, which for such
    spellings comes mostly from domain names and URLs.

    Two measurements say a count is of that kind: the two-word form is at least ten times as frequent in the
    bigram table (``prize money``) for a token counted under 250,000 times, or the token is counted under 20,000
    times (``shiftworkers``, 12,725) and wordfreq, which lists every such word it sees at least once per 100
    million words (``data/word_frequencies.txt.gz``), does not know it; the pair must then pass the usual
    independence test (an expected count of 100). Common closed compounds (``database``, ``northeast``,
    ``lawmakers``) and spellings about as common as the pair (``northside`` 665,035 against ``north side``
    688,451) stay whole.
    """
    low = token.lower()
    whole = count(low)
    if whole == 0 or whole >= _RARE_CLOSED_MAX or low in _known_words() or len(low) < 6:
        return (token,)
    bigrams = _tables()[1]
    unknown_to_wordfreq = whole < 20_000 and low not in _wordfreq_counts()
    best: tuple[float, int] | None = None
    for left, right in _content_cuts(low, 3):
        bigram = bigrams.get(f"{left} {right}", 0.0)
        if bigram >= _RARE_CLOSED_RATIO * whole:
            evidence = bigram
        elif unknown_to_wordfreq and count(left) * count(right) / _TOTAL >= 100:
            evidence = max(bigram, count(left) * count(right) / _TOTAL)
        else:
            continue
        if best is None or evidence > best[0]:
            best = (evidence, len(left))
    if best is None:
        return (token,)
    return (token[: best[1]], token[best[1] :])


_AFTER_HYPHEN_PART_MIN = 300_000


@lru_cache(maxsize=20_000)
def _split_after_hyphen(token: str) -> tuple[str, ...]:
    """After a hyphen, a token no frequency list knows made of two common content words of 4+ letters
    (``wood-shakeroofs``): the pair's independence estimate may be small (``shake`` and ``roofs``), but a closed
    compound unknown to both lists is rarer than glue in a hyphenated compound."""
    low = token.lower()
    if len(low) < 8 or known_count(low) > 0 or low in _known_words() or _is_inflection(low):
        return (token,)
    cuts = _content_cuts(low, 4, _AFTER_HYPHEN_PART_MIN)
    if not cuts:
        return (token,)
    left, _ = max(cuts, key=lambda pair: count(pair[0]) * count(pair[1]))
    return (token[: len(left)], token[len(left) :])


def _split_unknown(low: str) -> tuple[str, ...]:
    """A long token the tables have never seen (``nitratefertilizer``): two established words of 4+ letters.

    The independence estimate is too small for specialised words, so this asks for less evidence and
    more shape: the token is unknown and not an inflection of a known word, both parts have 5+ letters and
    are common (>= 2M uses), neither is a bound prefix or
    suffix, and exactly one cut qualifies.
    """
    if known_count(low) > 0 or low in _known_words() or _is_inflection(low):
        return (low,)
    cuts = [
        cut
        for cut in range(5, len(low) - 4)
        if count(low[:cut]) >= 2_000_000
        and count(low[cut:]) >= 2_000_000
        and low[:cut] not in _PREFIXES
        and low[cut:] not in _SUFFIXES
    ]
    if len(cuts) != 1:
        return (low,)
    return (low[: cuts[0]], low[cuts[0] :])


def _is_inflection(low: str) -> bool:
    """A plural or inflected form of a word the tables know (``coronations``, ``knighthoods``)."""
    for ending, replacement in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ):
        if low.endswith(ending) and known_count(low[: -len(ending)] + replacement) > 0:
            return True
    return False


def split_glued(line: str, *, scraped: bool = True) -> str:
    """Split glued words in one line of text.

    ``scraped``: the text shows scraping damage (``cleaning.looks_scraped``). Glue that word counts cannot tell
    from a rare compound or a name (``chinface``, ``EndWar``: see ``_weak``) is split only then; clean text keeps
    it, and glue with stronger evidence (``tothe``, ``hospitalbeds``, ``theDowntown``, ``AIchips``) is split in
    any text. Such glue found in a line is damage too, so the rest of that line is then split as scraped text
    (``theDowntownLibrary``).
    """
    split = _split_line(line, scraped)
    if not scraped and split != line:
        split = _split_line(line, True)
    return split


@lru_cache(maxsize=50_000)
def _lower_stays_whole(token: str) -> bool:
    """Does ``_split_lower`` give the lower-case ``token`` back in every context (damage decision, hyphen before,
    apostrophe beside)? Most words of a line do; ``_split_line`` then skips them without looking at the context.

    Four letters: only a split into two closed-class words changes it, whatever the context. Longer: a two-way
    ``split_token`` or ``_split_closed`` or (10+ letters) ``_split_unknown`` cut is taken in scraped text, and
    with none of them every context keeps the token. So is a rare closed spelling (counted, under 250,000 times)
    or, after a hyphen, an unknown join of 8+ letters (``_split_rare_closed``, ``_split_after_hyphen``).
    """
    if len(token) == 4:
        parts = split_token(token)
        return not (len(parts) == 2 and all(part.lower() in _CLOSED_WORDS for part in parts))
    if len(split_token(token)) != 1 or len(_split_closed(token)) != 1:
        return False
    whole = count(token)
    if 0 < whole < _RARE_CLOSED_MAX and len(_split_rare_closed(token)) != 1:
        return False
    if whole == 0 and len(token) >= 8 and len(_split_after_hyphen(token)) != 1:
        return False
    return len(token) < 10 or len(_split_unknown(token.lower())) == 1


_OPENERS = "\"“‘'(["
_CLOSERS = "\"”’')]"


def _at_sentence_start(line: str, start: int) -> bool:
    """``_SENTENCE_START_RE.search(line, 0, start)``, read from ``start`` backwards instead of tried at every
    position of the line: opening quotes or brackets, then the line's start, or whitespace after a full stop
    (or ! ? : ;) and any closing quotes or brackets."""
    if line[start - 1 : start] == "\n":
        return _SENTENCE_START_RE.search(line, 0, start) is not None  # "$" also matches before a final newline
    i = start
    while i and line[i - 1] in _OPENERS:
        i -= 1
    if not i:
        return True
    j = i
    while j and line[j - 1].isspace():
        j -= 1
    if j == i:
        return False
    while j and line[j - 1] in _CLOSERS:
        j -= 1
    return j > 0 and line[j - 1] in ".!?:;"


def _split_line(line: str, scraped: bool) -> str:
    if _CASE_CHANGE_RE.search(line) and _MIXED_RE.search(line):
        line = _MIXED_RE.sub(lambda m: split_mixed(m.group(0), scraped), line)
    # ``_TOKEN_RE.sub`` with a function, written as a loop so that the many tokens that stay whole in any context
    # cost a cached lookup each (the same matches, the same replacements)
    pieces: list[str] = []
    last = 0
    for match in _TOKEN_RE.finditer(line):
        token = match.group(0)
        if token.islower():
            if _lower_stays_whole(token):
                continue
            start, end = match.span()
            before = line[start - 1] if start else ""
            after = line[end : end + 1]
            by_apostrophe = before in ("'", "’") or after in ("'", "’")
            replacement = _split_lower(token, scraped, before == "-", by_apostrophe)
        elif len(token) == 4 or not (token[0].isupper() and token[1:].islower()):
            continue
        else:
            # A capitalised token inside a sentence is a name ("Lifetree", "Offtime"): left whole. At the
            # start of a sentence the capital says nothing, so a join of two common words is split.
            start, end = match.span()
            if not _at_sentence_start(line, start):
                continue
            parts = split_token(token)
            if not (len(parts) == 2 and count(parts[0]) >= 50_000_000 and count(parts[1]) >= 50_000_000):
                continue
            replacement = " ".join(parts)
        if replacement != token:
            pieces.append(line[last:start])
            pieces.append(replacement)
            last = end
    if pieces:
        pieces.append(line[last:])
        line = "".join(pieces)
    return _PREPOSITION_A_RE.sub(r"\1 a", line)
