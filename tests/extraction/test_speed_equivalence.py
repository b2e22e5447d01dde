"""The faster forms of extraction steps give exactly what the plain forms they replaced gave.

Each fast path (a pattern rewritten so that the engine can scan for its first character, a pass skipped when a
line cannot change, a sum without the feature dict, a loop that sets quotation depths a slice at a time) is
checked here against the plain form, kept in this file as the reference, on random strings built from the
characters that matter and on the bundled articles.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reviews.extraction import caseless, claims, cleaning, cues, glue, model, sentences
from reviews.extraction.cleaning import clean_article
from reviews.extraction.sentences import split_sentences

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "diplomatic-shift.txt"


def _sentences() -> list[str]:
    paths = [SAMPLE, *sorted(DATA.rglob("*.txt"))]
    return [s.text for path in paths for s in split_sentences(clean_article(path.read_text(encoding="utf-8")))]


def _random_strings(alphabet: list[str], n: int = 20_000, longest: int = 12, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(longest))) for _ in range(n)]


def _same_matches(plain: re.Pattern[str], fast: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        assert [(m.span(), m.groups()) for m in plain.finditer(text)] == [
            (m.span(), m.groups()) for m in fast.finditer(text)
        ], text


@pytest.mark.parametrize(
    ("plain", "fast", "alphabet"),
    [
        (r"\b(?:19|20)\d\d\b", model._YEAR_RE, list("1920 0a_.x") + ["1999", "2024"]),
        (r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+", model._CAPS_RE, list("Ab .!?\n_9é") + ["The", ". X"]),
        (r"(?<!^)(?<![.!?:]\s)\b[A-Z][\w’'-]+", claims._CAPITALISED_RE, list("Ab .:!?\n’'-_9é") + ["The", ": Y"]),
        (r"(?<=\S) +([,.;:!?%])", cleaning._SPACE_BEFORE_PUNCT_RE, list("ab  ,.;:!?%\n\t-")),
        (r"(?<![\w-])>\s*(?=[$€£]?\d)", cleaning._MORE_THAN_NUMBER_RE, list("a-> 5$\n_")),
        (
            r"(?<![\w@/#.&'’-])(of|in|is|to|by|as|on|at)a(?![\w@/&'’-])",
            glue._PREPOSITION_A_RE,
            list("oainstbyx @/#.&'’-\n") + ["of", "in", "is", "to", "by", "as", "on", "at", "ofa"],
        ),
    ],
)
def test_rewritten_patterns_match_the_same_spans(plain: str, fast: re.Pattern[str], alphabet: list[str]) -> None:
    _same_matches(re.compile(plain), fast, _random_strings(alphabet) + _sentences())


def test_comparison_test_agrees_with_the_whole_word_pattern() -> None:
    plain = re.compile(r"\b(?:than|most|least|\w+est)\b")
    alphabet = list("estaz _.-é9") + ["than", "most", "least", "est", "Est"]
    for text in _random_strings(alphabet) + [s.lower() for s in _sentences()]:
        assert bool(plain.search(text)) == bool(model._COMPARISON_RE.search(text)), text


def test_passes_are_skipped_only_where_they_would_change_nothing() -> None:
    alphabet = list("ab1 '’()[]–—") + ["’s", " ’ s", "( ", " )", "3 – 4"]
    for text in _random_strings(alphabet):
        assert cleaning.fix_punctuation_spacing(text) == _fix_punctuation_spacing_reference(text), text
    for text in _random_strings(list("a \n\t\u00a0\u2003")):
        assert (cleaning._HORIZONTAL_SPACE_RE.sub(" ", text) != text) == bool(cleaning._ODD_SPACE_RE.search(text))
    for text in _random_strings(list("aB.C.d ") + ["U.S.", "p.m."]):
        if cleaning._MISSING_SPACE_DOTTED_RE.search(text):
            assert cleaning._DOT_BEFORE_CAPITALISED_RE.search(text), text
    for text in _random_strings(list("aZ .@-") + ["NASA", "the"]):
        if glue._MIXED_RE.search(text):
            assert glue._CASE_CHANGE_RE.search(text), text


def test_tail_fragments_replaced_before_each_angle_as_by_the_whole_scan() -> None:
    def mark(match: re.Match[str]) -> str:
        return f"[{match.group(2)}]"

    alphabet = list("ab/ <>\n1") + ["strong", "li", "p", " >", "/ ", "abcdefghijk", "x" * 25]
    pattern, width = cleaning._TAIL_FRAGMENT_RE, cleaning._TAIL_FRAGMENT_WIDTH
    for text in _random_strings(alphabet, n=30_000, longest=10):
        assert cleaning._sub_before_angles(pattern, mark, text, width) == pattern.sub(mark, text), text
    assert width == 22


def test_scrape_damage_parts_find_damage_where_the_whole_pattern_does() -> None:
    alphabet = list("ab<>\u00a0\t&;#x1 ,.!?AZ") + ["&amp;", "&#39;", "ab.Cd", " ,", " .5"]
    for text in _random_strings(alphabet, longest=10) + _sentences():
        assert cleaning.looks_scraped(text) == (cleaning._SCRAPE_DAMAGE_RE.search(text) is not None), text


def _fix_punctuation_spacing_reference(line: str) -> str:
    """``cleaning.fix_punctuation_spacing`` as it was, with the plain character tests before its passes."""
    line = re.sub(r"(?<=\S) +([,.;:!?%])", r"\1", line)
    if ")" in line or "]" in line:
        line = cleaning._SPACE_BEFORE_CLOSE_RE.sub(r"\1", line)
    if "(" in line or "[" in line:
        line = cleaning._SPACE_AFTER_OPEN_RE.sub(r"\1", line)
    if "'" in line or "’" in line:
        line = cleaning._POSSESSIVE_RE.sub(r"\1", line)
    if "–" in line or "—" in line:
        line = cleaning._DIGIT_DASH_RE.sub(r"\1", line)
    if "." in line or "!" in line or "?" in line:
        line = cleaning._MISSING_SPACE_SENTENCE_RE.sub(cleaning._sentence_space, line)
        line = cleaning._MISSING_SPACE_DOTTED_RE.sub(cleaning._dotted_space, line)
        if "“" in line or "”" in line:
            line = cleaning._MISSING_SPACE_QUOTE_RE.sub(" ", line)
    return cleaning._MISSING_SPACE_COMMA_RE.sub(r"\1 ", line)


def test_sentence_start_read_backwards_agrees_with_the_pattern() -> None:
    alphabet = list("ab .!?:;\"”’')]“‘([\n\t \u00a0,")
    for prefix in _random_strings(alphabet, n=50_000, longest=9):
        line = prefix + "Word"
        start = len(prefix)
        assert glue._at_sentence_start(line, start) == (glue._SENTENCE_START_RE.search(line, 0, start) is not None)


def test_a_lower_case_token_stays_whole_in_every_context_exactly_when_the_check_says_so() -> None:
    tokens = {t for s in _sentences() for t in glue._TOKEN_RE.findall(s) if t.islower()}
    tokens |= {"theseraglio", "tothe", "litanyof", "permitwait", "nitratefertilizer", "anda", "tobe", "hospitalbeds"}
    for token in sorted(tokens):
        contexts = [(s, h, a) for s in (False, True) for h in (False, True) for a in (False, True)]
        whole = all(glue._split_lower(token, *context) == token for context in contexts)
        assert glue._lower_stays_whole(token) == whole, token


def test_sparse_logit_without_the_feature_dict_is_the_same_float() -> None:
    texts = _sentences() + ["", "a", "1 2 3 $ % ?", "The the the the.", "It's 5,000.5 percent? Yes!"]
    for text in texts:
        assert repr(model.raw_logit(text)) == repr(model.logit_of_features(model.features(text))), text


def test_source_trigger_set_lookup_agrees_with_the_whole_word_search() -> None:
    pattern = re.compile(r"\b(?:" + "|".join(sorted(cues._TRIGGER_WORDS)) + r")\b")
    texts = [s.lower() for s in _sentences()] + ["said", "xsaid", "said_", "re-said", "saidé", "‘said’"]
    for text in texts:
        assert bool(pattern.search(text)) == (not cues._TRIGGER_WORDS.isdisjoint(cues._WORD_RUN_RE.findall(text)))


def test_caseless_guard_keeps_every_match() -> None:
    patterns = [v for m in (cues, claims) for v in vars(m).values() if isinstance(v, caseless.CaselessPattern)]
    texts = [s.lower() for s in _sentences()]
    for pattern in patterns:
        plain = re.compile(pattern.pattern.pattern, pattern.pattern.flags & ~re.IGNORECASE)
        _same_matches(plain, pattern._lowered, texts)
    _same_matches(cues._DATE_PATTERN, cues._DATE_RE, _sentences())


def test_first_characters_of_a_pattern() -> None:
    assert caseless.first_characters(r"\b(?:may|might)\b") == "m"
    assert caseless.first_characters(r"(?<!x)[$€]\d|\bten") == r"\$t€"
    assert caseless.first_characters(r"\d+|ab") == r"\da"
    assert caseless.first_characters(r"a?b") == "ab"
    assert caseless.first_characters(r"a?") is None  # matches the empty string
    assert caseless.first_characters(r"[^a]b") is None  # a negated class
    assert caseless.first_characters(r".b") is None
    assert caseless.first_characters(r"(?i:a)b") is None


def _quote_depths_reference(text: str) -> list[int]:
    """The character-by-character form ``sentences._quote_depths`` replaced."""
    depths = [0] * (len(text) + 1)
    first_quote = sentences._QUOTE_CHAR_RE.search(text)
    if first_quote is None:
        return depths
    curly, straight, single, opened_at = 0, False, False, -1
    for i in range(first_quote.start(), len(text)):
        ch = text[i]
        if ch in sentences._OPEN_QUOTES:
            curly += 1
            opened_at = i
        elif ch in sentences._CLOSE_QUOTES and curly:
            curly -= 1
        elif ch == '"':
            straight = not straight
            opened_at = i if straight else opened_at
        elif (
            ch == "‘"
            and not single
            and text[i + 1 : i + 2].isalpha()
            and (i == 0 or text[i - 1] in sentences._BEFORE_OPEN)
        ):
            single = True
            opened_at = i
        elif ch == "’" and single and sentences._closes_single(text, i):
            single = False
        if (curly or straight or single) and i - opened_at > sentences._MAX_QUOTE_CHARS:
            curly, straight, single = 0, False, False
        depths[i + 1] = curly + (1 if straight else 0) + (1 if single else 0)
    return depths


def test_quote_depths_set_a_slice_at_a_time_are_the_same() -> None:
    alphabet = list('ab .,!?“”"‘’ —(s') + ["x" * 300, "y" * 1199, "z" * 1201, "’s"]
    for text in _random_strings(alphabet, n=10_000, longest=14) + _sentences():
        assert sentences._quote_depths(text) == _quote_depths_reference(text), text[:80]


def test_packed_state_tables_walk_the_model_the_same_way() -> None:
    from py3langid.langid import visit_counts

    from reviews.extraction import language

    identifier = language._identifier()
    rowbase, output = identifier._rowbase, identifier.tk_output
    assert rowbase.typecode == "i" and output.typecode == "i"  # packed by ``_pack_state_tables``
    listed_rowbase = [row << 8 for row in identifier.tk_row]  # what py3langid builds
    assert list(rowbase) == listed_rowbase
    texts = [*_sentences()[:200], "Le conseil municipal a reporté lundi le vote.", "Ünïcödé ✓ 😀", ""]
    for text in texts:
        data = identifier._encode(text)
        packed = visit_counts(identifier.tk_nextmove, rowbase, output, data)
        plain = visit_counts(identifier.tk_nextmove, listed_rowbase, list(output), data)
        assert packed == plain and list(packed or ()) == list(plain or ()), text
