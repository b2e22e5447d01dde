"""Property tests: any string goes in, nothing crashes, offsets hold, claims carry no debris."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.extraction.evaluation import has_debris
from reviews.extraction.pipeline import extract_article, extract_lines

_PIECES = st.sampled_from(
    [
        "The council approved a $4.5 million budget on Tuesday.",
        " < / li >",
        "strong >",
        "<h2>",
        "&lt;p&gt;",
        "&amp;",
        "&nbsp;",
        "&#8217;",
        "\u00a0",
        "\u200b",
        "\t",
        "\n",
        " ,",
        " .",
        "“We are done. It is over,” Mayor Ann Lee said.",
        "U.S.",
        "Dr.",
        "Jan. 5",
        "- ",
        "1.",
        "Advertisement\n",
        "betweendiplomatic",
        "could",
        "according to the Treasury",
        "?",
        ":",
        "infra-\n",
    ]
)
_ARTICLES = st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=40).map("".join))


@settings(max_examples=150, deadline=None)
@given(_ARTICLES)
def test_extract_article_holds_its_invariants(raw: str) -> None:
    extraction = extract_article(raw)
    for claim in extraction.claims:
        assert extraction.cleaned_text[claim.start : claim.end] == claim.text
        assert not has_debris(claim.text)
        assert 0.0 <= claim.score <= 1.0
        for cue in claim.cues:
            assert claim.text[cue.start : cue.end] == cue.text
    for sentence in extraction.sentences:
        assert extraction.cleaned_text[sentence.start : sentence.end] == sentence.text


@settings(max_examples=60, deadline=None)
@given(st.lists(_ARTICLES, max_size=5))
def test_extract_lines_returns_one_result_per_line(lines: list[str]) -> None:
    results = extract_lines(lines)
    assert len(results) == len(lines)
    for result in results:
        for cue in result.cues:
            assert result.text[cue.start : cue.end] == cue.text
