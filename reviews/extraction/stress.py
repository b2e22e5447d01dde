"""Stress the cleaner with debris injected into clean text it was never written for (issue 17 item 1).

Clean sentences from an outside source (the CLEF-2020 debates sample, the WikiWeasel sample under
``../shared/external``) get one piece of debris of one class each, chosen by a seeded RNG; the cleaning pipeline
(``clean_article``, as an article line) must give the clean sentence back. Per class this measures the repair
rate: the output equals the clean line byte for byte (``exact``) or word for word (``tokens``: the same words
split on any whitespace, so a block tag that leaves a line break still counts). The clean lines themselves, with
no debris, must come out unchanged: their false-split rate is the share that does not.

Two halves of each source (even and odd rows) keep development honest: rules are tuned on one half, the other
half is reported once per change. The RNG is seeded per (class, row), so a line gets the same debris on every
run whatever else changes. ``manage.py stress_debris`` prints the table; ``tests/extraction/test_debris_stress.py``
holds the floors.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reviews.extraction.cleaning import clean_article, clean_line, looks_scraped
from reviews.extraction.evaluation import detokenize_ptb
from reviews.extraction.sentences import split_text

CLEF = ("external", "clef2020_checkthat_task5_debates", "clef2020_task5_train_v2_sample.csv")
WIKIWEASEL = ("external", "conll2010_wikipedia_weasel", "wikiweasel_test_balanced_sample.csv")
SOURCES: dict[str, tuple[tuple[str, ...], bool]] = {"clef": (CLEF, False), "wikiweasel": (WIKIWEASEL, True)}

# A sentence run into the next: a lower-case word of 3+ letters, its full stop, a capitalised word ("hire
# American.We will", "Yahoo!Photos"): not a clean line. "Maj.Gen." and "U.S.Senate" are not this shape and stay in.
_RUN_TOGETHER_RE = re.compile(r"[a-z]{3}[.!?][A-Z][a-z]")


def is_clean_shape(text: str) -> bool:
    """A line with none of the debris the cleaner repairs, so it can be asked to come out byte-identical.

    The rule the byte-identical test on the outside lines uses too (``tests/extraction/test_glue_classes.py``):
    no space before punctuation, no double space, no markup, no line-break hyphen, no sentence run into the next.
    """
    return (
        clean_line(text.replace(" ,", ",").replace(" .", ".")) == clean_line(text)
        and "  " not in text
        and " ," not in text
        and " ." not in text
        and " ]" not in text
        and "- " not in text
        and "<" not in text
        and not _RUN_TOGETHER_RE.search(text)
    )


def load_lines(path: Path, *, ptb: bool) -> list[tuple[int, str]]:
    """(row number, text) of the clean-shaped lines of a CSV with a ``text`` column (PTB-detokenised if asked)."""
    with path.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    if ptb:
        texts = [detokenize_ptb(text) for text in texts]
    return [(row, text) for row, text in enumerate(texts) if is_clean_shape(text)]


# --- debris injectors: each returns the damaged line, or None when the line offers no place for this class ----

_LOWER = re.compile(r"[a-z]+")
_LOWER_THEN = re.compile(r"[a-z]+[,.;:!?]?")
_HYPHENATED = re.compile(r"[a-z]+-[a-z]+")
_CAPITALISED_THEN = re.compile(r"[A-Z][a-z]+[,.;:!?]?")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_ACRONYM_THEN = re.compile(r"[A-Z]{2,6}s?[,.;:!?]?")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_LONG_LOWER_THEN = re.compile(r"[a-z]{3,}[,.;:!?]?")
_WORD_THEN_PUNCT = re.compile(r"[A-Za-z0-9%]+[,.;:]")
_INLINE = ("strong", "em", "b", "i", "span", "a", "u", "small", "mark")
_BLOCK = ("p", "div", "li", "ul", "h2", "h3", "td", "blockquote", "figcaption")


def _glue_where(left: re.Pattern[str], right: re.Pattern[str]) -> Callable[[str, random.Random], str | None]:
    """Remove the space between two adjacent words that match ``left`` and ``right``."""

    def inject(line: str, rng: random.Random) -> str | None:
        words = line.split(" ")
        places = [i for i in range(len(words) - 1) if left.fullmatch(words[i]) and right.fullmatch(words[i + 1])]
        if not places:
            return None
        i = rng.choice(places)
        return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])

    return inject


def _run_sentences(line: str, rng: random.Random) -> str | None:
    """Remove the space after a sentence-final full stop (or ! or ?) before a capitalised word.

    The lines are mostly one sentence each: ``run`` offers this class two consecutive lines joined by a space.
    """
    spans = split_text(line)
    places = [
        end
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False)
        if line[end - 1] in ".!?"
        and line[end - 2].isalnum()
        and re.match(r"[A-Z][a-z]", line[start : start + 2])
        and line[end:start] == " "
    ]
    if not places:
        return None
    end = rng.choice(places)
    return line[:end] + line[end + 1 :]


def _tag_pair(line: str, rng: random.Random) -> str | None:
    """Wrap one word in a complete inline tag, as markup that was not stripped: ``<strong>3%</strong>``."""
    words = line.split(" ")
    i = rng.randrange(len(words))
    tag = rng.choice(_INLINE)
    opening = f'<a href="https://example.org/{rng.randrange(1000)}">' if tag == "a" else f"<{tag}>"
    if rng.random() < 0.3:
        opening = opening.replace("<", "< ").replace(">", " >")
    words[i] = f"{opening}{words[i]}</{tag}>"
    return " ".join(words)


def _tag_fragment(line: str, rng: random.Random) -> str | None:
    """A tag fragment that lost a bracket between two words: ``strong >``, ``< / li >``, ``/ em >``, ``< p``."""
    words = line.split(" ")
    if len(words) < 2:
        return None
    i = rng.randrange(1, len(words))
    tag = rng.choice(_INLINE + _BLOCK)
    fragment = rng.choice(("{t} >", "< / {t} >", "/ {t} >", "< {t} >", "</ {t} >", "{t}>", "< /{t}>")).format(t=tag)
    return " ".join([*words[:i], fragment, *words[i:]])


def _space_before_punct(line: str, rng: random.Random) -> str | None:
    """A space before a comma, full stop, semicolon or colon: ``rose , officials said``."""
    words = line.split(" ")
    places = [i for i, word in enumerate(words) if _WORD_THEN_PUNCT.fullmatch(word)]
    if not places:
        return None
    i = rng.choice(places)
    words[i] = f"{words[i][:-1]} {words[i][-1]}"
    return " ".join(words)


def _comma_glue(line: str, rng: random.Random) -> str | None:
    """No space after a comma or semicolon between two words: ``rose,officials said``."""
    words = line.split(" ")
    places = [
        i for i in range(len(words) - 1) if re.fullmatch(r"[A-Za-z]+[,;]", words[i]) and words[i + 1][:1].isalpha()
    ]
    if not places:
        return None
    i = rng.choice(places)
    return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])


def _entity(line: str, rng: random.Random) -> str | None:
    """An HTML entity for a space or a punctuation mark: ``&nbsp;``, ``&#160;``, ``&amp;rsquo;``, ``&#8217;``."""
    places = [i for i, char in enumerate(line) if char in " ’'&"]
    if not places:
        return None
    i = rng.choice(places)
    char = line[i]
    if char == " ":
        entity = rng.choice(("&nbsp;", "&#160;", "&#xa0;", "&amp;nbsp;"))
    elif char == "&":
        entity = rng.choice(("&amp;", "&amp;amp;"))
    else:
        entity = rng.choice(("&rsquo;", "&#8217;", "&amp;rsquo;")) if char == "’" else "&#39;"
    return line[:i] + entity + line[i + 1 :]


@dataclass(frozen=True)
class DebrisClass:
    name: str
    describe: str
    inject: Callable[[str, random.Random], str | None]
    two_lines: bool = False  # offered a line and the next one joined by a space (two sentences)


CLASSES: tuple[DebrisClass, ...] = (
    DebrisClass("glue_lower", "two lower-case words: betweendiplomatic", _glue_where(_LOWER, _LOWER_THEN)),
    DebrisClass(
        "glue_lower_long", "two lower-case words of 3+ letters", _glue_where(re.compile("[a-z]{3,}"), _LONG_LOWER_THEN)
    ),
    DebrisClass("glue_hyphen", "hyphenated word, next: short-termrates", _glue_where(_HYPHENATED, _LOWER_THEN)),
    DebrisClass("glue_cap", "lower-case then Capitalised: theDowntown", _glue_where(_LOWER, _CAPITALISED_THEN)),
    DebrisClass("glue_cap_cap", "two Capitalised words: MetroTransit", _glue_where(_CAPITALISED, _CAPITALISED_THEN)),
    DebrisClass("glue_acronym", "a word then an acronym: generativeAI", _glue_where(_LOWER, _ACRONYM_THEN)),
    DebrisClass("acronym_glue", "an acronym then a word: AIchips", _glue_where(_ACRONYM, _LONG_LOWER_THEN)),
    DebrisClass("run_sentence", "no space after a full stop: 2019.Shares", _run_sentences, two_lines=True),
    DebrisClass("tag_pair", "a complete inline tag around a word", _tag_pair),
    DebrisClass("tag_fragment", "a tag that lost a bracket: strong >, < / li >", _tag_fragment),
    DebrisClass("space_punct", "a space before punctuation: rose , officials", _space_before_punct),
    DebrisClass("comma_glue", "no space after a comma: rose,officials", _comma_glue),
    DebrisClass("entity", "an HTML entity: &nbsp;, &amp;rsquo;", _entity),
)


def clean(raw: str, *, scraped: bool | None = None) -> str:
    """The pipeline's cleaned text for one line given as an article (``scraped``: force the damage decision)."""
    return clean_article(raw, scraped=scraped).text


@dataclass
class ClassResult:
    name: str
    n: int = 0
    exact: int = 0
    tokens: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (clean, damaged, output)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else 0.0

    @property
    def token_rate(self) -> float:
        return self.tokens / self.n if self.n else 0.0


@dataclass
class StressResult:
    n_lines: int
    # clean lines that ``clean_line`` changes, through the product's own damage decision: must stay empty
    false_splits: list[tuple[str, str]]
    # the same, as if the line came from a page with damage elsewhere (``scraped=True``)
    false_splits_scraped: list[tuple[str, str]]
    # lines the article cleaner changes as a whole for what they are, not for debris: a leading dash taken for
    # a bullet ("--bring us together?"), a line of punctuation only ("..."); left out of the repair counts
    structural: list[tuple[str, str]]
    classes: dict[str, ClassResult]


def run(
    lines: Iterable[tuple[int, str]],
    *,
    seed: int = 17,
    classes: Iterable[DebrisClass] = CLASSES,
    scraped: bool | None = None,
) -> StressResult:
    """Inject each class of debris into each line (where it has a place) and clean it again.

    ``scraped``: None lets the pipeline decide from the damaged line (as the product does for an article of one
    line); True cleans as if the page showed damage elsewhere.
    """
    chosen = tuple(classes)
    results = {debris.name: ClassResult(debris.name) for debris in chosen}
    false_splits: list[tuple[str, str]] = []
    false_scraped: list[tuple[str, str]] = []
    structural: list[tuple[str, str]] = []
    usable: list[tuple[int, str]] = []
    n_lines = 0
    for row, line in lines:
        n_lines += 1
        as_given = clean_line(line, scraped=looks_scraped(line))
        if as_given != line:
            false_splits.append((line, as_given))
        forced = clean_line(line, scraped=True)
        if forced != line:
            false_scraped.append((line, forced))
        article = clean(line)
        if article != line:
            structural.append((line, article))
        if as_given == line and article == line:
            usable.append((row, line))
    for index, (row, line) in enumerate(usable):
        joined = None
        if index + 1 < len(usable):
            candidate = f"{line} {usable[index + 1][1]}"
            joined = candidate if clean(candidate) == candidate else None
        for debris in chosen:
            original = joined if debris.two_lines else line
            if original is None:
                continue
            damaged = debris.inject(original, random.Random(f"{seed}:{debris.name}:{row}"))
            if damaged is None or damaged == original:
                continue
            result = results[debris.name]
            result.n += 1
            output = clean(damaged, scraped=scraped)
            if output == original:
                result.exact += 1
                result.tokens += 1
            else:
                if output.split() == original.split():
                    result.tokens += 1
                result.failures.append((original, damaged, output))
    return StressResult(n_lines, false_splits, false_scraped, structural, results)


def half(lines: list[tuple[int, str]], which: str) -> list[tuple[int, str]]:
    """The development half (``even`` rows of the source file) or the report half (``odd``); ``all``: both."""
    if which == "all":
        return lines
    remainder = {"even": 0, "odd": 1}[which]
    return [(row, text) for row, text in lines if row % 2 == remainder]
