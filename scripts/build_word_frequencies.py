"""Write ``reviews/extraction/data/word_frequencies.txt.gz``: word frequencies the glue splitter lacks.

The splitter (``reviews.extraction.glue``) reads whole-word counts from the ``wordsegment`` tables (Google web
counts, 2006). Words newer or rarer than those tables (``kneebar``, ``crossfit``, ``shellfire``, ``doordash``)
look to it like two common words glued together. ``wordfreq`` knows them, but it is 58 MB installed; this script
keeps only what the splitter can use: lower-case words of 4-40 letters from wordfreq's ``large`` English list
(Zipf frequency >= 1.0, i.e. at least once per 100 million words) that

- the wordsegment table counts fewer than 20,000 times (below that the splitter treats a word as unknown), and
- have at least one cut into two parts the splitter could take for common words (each part counted at least
  1,000,000 times, or a listed two-letter word), so that the word could ever be split.

Each line is ``word zipf100`` (the Zipf frequency times 100, rounded); the splitter turns it into a count on the
wordsegment scale. About 27,500 words, 135 kB compressed.

Provenance and licence: wordfreq 3.1.1 (Robyn Speer), ``large_en`` word list; its data is CC BY-SA 4.0 and built
from Wikipedia, subtitles, news, books, web text, Twitter and Reddit. This derived list carries the same licence.

Build-time only; run with wordfreq installed somewhere else (it is not a dependency of the product)::

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1 wordsegment==1.3.1
    /tmp/wf/bin/python scripts/build_word_frequencies.py
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "reviews" / "extraction" / "data" / "word_frequencies.txt.gz"
WORDFREQ_VERSION = "3.1.1"
MIN_ZIPF = 1.0
UNKNOWN_BELOW = 20_000  # glue.is_word's threshold
PART_MIN = 1_000_000  # glue.split_token's part threshold
SHORT_PARTS = frozenset(  # glue._SHORT_PARTS
    ["a", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on"]
    + ["or", "so", "to", "up", "us", "we", "am"]
)
WORD_RE = re.compile(r"[a-z]{4,40}")


def main() -> int:
    from importlib.metadata import version

    import wordfreq
    import wordsegment

    if version("wordfreq") != WORDFREQ_VERSION:
        print(f"expected wordfreq {WORDFREQ_VERSION}, found {version('wordfreq')}", file=sys.stderr)
        return 1
    wordsegment.load()
    unigrams: dict[str, float] = wordsegment.UNIGRAMS

    def part_ok(part: str) -> bool:
        return part in SHORT_PARTS if len(part) <= 2 else unigrams.get(part, 0.0) >= PART_MIN

    rows = []
    for word in wordfreq.get_frequency_dict("en", wordlist="large"):
        if not WORD_RE.fullmatch(word) or unigrams.get(word, 0.0) >= UNKNOWN_BELOW:
            continue
        zipf = wordfreq.zipf_frequency(word, "en", wordlist="large")
        if zipf < MIN_ZIPF:
            continue
        if any(part_ok(word[:cut]) and part_ok(word[cut:]) for cut in range(1, len(word))):
            rows.append(f"{word} {round(zipf * 100)}")
    header = [
        f"# wordfreq {WORDFREQ_VERSION} large_en (CC BY-SA 4.0), words of 4-40 letters, Zipf >= {MIN_ZIPF},",
        f"# counted < {UNKNOWN_BELOW} times by wordsegment 1.3.1 and cuttable into two common words.",
        "# Built by scripts/build_word_frequencies.py; one 'word zipf*100' a line.",
    ]
    body = "\n".join(header + sorted(rows)) + "\n"
    OUT.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(rows)} words, {OUT.stat().st_size:,} bytes -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
