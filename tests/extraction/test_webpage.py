"""Issue 17, item 4: a saved web page's main text and metadata (reviews/extraction/webpage.py).

The pages are written for these tests (tests/webpages.py): hundreds of kilobytes of template, inline
CSS and JavaScript, ld+json, ``__NEXT_DATA__``, comments, menus, and teasers inside the article.
"""

from __future__ import annotations

import resource
import time
from datetime import date

import pytest

from reviews.exceptions import ArticleTooLarge, EmptyArticle, NotAWebPage
from reviews.extraction.pipeline import extract_article
from reviews.extraction.webpage import MIN_MAIN_TEXT_WORDS, extract_page, looks_like_html
from tests import webpages
from tests.webpages import (
    ARTICLE_PARAGRAPHS,
    BYLINE,
    CANONICAL,
    CLUTTER_MARKERS,
    HEADLINE,
    TEASER_SENTENCES,
    app_shell_page,
    french_page,
    news_page,
)

LIMIT = 10 * 1024 * 1024


def test_the_test_page_is_as_big_and_cluttered_as_a_real_one():
    page = news_page()
    assert len(page) > 300_000
    text = page.decode()
    for marker in ("application/ld+json", "__NEXT_DATA__", "<!--", "<article", "c-inline-promo", "<svg"):
        assert marker in text
    article = text[text.index("<article") : text.index("</article>")]
    assert TEASER_SENTENCES[0] in article and TEASER_SENTENCES[1] in article  # teasers inside the article


def test_main_text_is_the_article_in_order_and_nothing_else():
    page = extract_page(news_page(), max_bytes=LIMIT, name="ledger.html")
    lines = page.text.split("\n\n")
    assert lines[0] == HEADLINE
    assert [line.strip() for line in lines[1:]] == ARTICLE_PARAGRAPHS
    for sentence in TEASER_SENTENCES:
        assert sentence not in page.text
    for marker in CLUTTER_MARKERS:
        assert marker not in page.text, marker
    assert "An earlier draft" not in page.text  # HTML comments are not text
    assert "Photograph:" not in page.text  # nor is the caption


def test_metadata_is_read_from_the_page():
    page = extract_page(news_page(), max_bytes=LIMIT)
    assert page.title == HEADLINE  # the headline, without " | The Coastal Ledger"
    assert page.byline == BYLINE
    assert page.published_on == date(2026, 3, 4)
    assert page.canonical_url == CANONICAL
    assert page.declared_language == "en-gb"
    assert page.site_name == webpages.SITE
    assert page.page_bytes == len(news_page())


def test_the_fetch_address_is_never_taken_for_the_canonical_link():
    html = news_page().replace(f'<link rel="canonical" href="{CANONICAL}">'.encode(), b"")
    html = html.replace(f'<meta property="og:url" content="{CANONICAL}">'.encode(), b"")
    html = html.replace(f'"mainEntityOfPage": "{CANONICAL}", '.encode(), b"")
    page = extract_page(html, max_bytes=LIMIT, base_url="https://short.example/x1")
    assert page.canonical_url == ""


def test_a_relative_canonical_link_is_resolved_against_the_fetch_address_only():
    html = news_page().replace(CANONICAL.encode(), b"/news/harbour")
    assert extract_page(html, max_bytes=LIMIT, base_url="https://www.coastal-ledger.example/a?b=1").canonical_url == (
        "https://www.coastal-ledger.example/news/harbour"
    )
    assert extract_page(html, max_bytes=LIMIT).canonical_url == ""  # no base: nothing to resolve against


def test_a_canonical_link_that_is_not_http_is_dropped():
    html = news_page().replace(CANONICAL.encode(), b"javascript:alert(1)")
    assert extract_page(html, max_bytes=LIMIT).canonical_url == ""


def test_a_teaser_with_only_a_promo_class_and_no_link_is_left_out():
    sentence = TEASER_SENTENCES[6]
    html = news_page().replace(
        f"<p>{ARTICLE_PARAGRAPHS[4]}</p>".encode(),
        f'<div class="c-promo"><p>Read more: {sentence}</p></div><p>{ARTICLE_PARAGRAPHS[4]}</p>'.encode(),
    )
    assert sentence.encode() in html
    assert sentence not in extract_page(html, max_bytes=LIMIT).text


def test_a_teaser_without_any_class_is_left_out_by_its_link_density():
    sentence = TEASER_SENTENCES[7]
    html = news_page().replace(
        f"<p>{ARTICLE_PARAGRAPHS[4]}</p>".encode(),
        f'<div><a href="/x"><h3>Elsewhere</h3><p>{sentence}</p></a></div><p>{ARTICLE_PARAGRAPHS[4]}</p>'.encode(),
    )
    assert sentence not in extract_page(html, max_bytes=LIMIT).text


def test_an_article_body_whose_class_names_a_promo_is_still_extracted():
    """The teaser pruning must not take the article with it: then the page is judged whole."""
    html = news_page().replace(b'class="article__body"', b'class="article__body promo-layout"')
    page = extract_page(html, max_bytes=LIMIT)
    assert ARTICLE_PARAGRAPHS[0] in page.text and ARTICLE_PARAGRAPHS[-1] in page.text


def test_the_extracted_text_goes_through_the_same_extraction_as_any_article():
    page = extract_page(news_page(), max_bytes=LIMIT)
    extraction = extract_article(page.text)
    assert extraction.title == HEADLINE
    assert extraction.language == "en"
    texts = [claim.text for claim in extraction.claims]
    assert len(texts) >= 5
    assert any("£48 million" in text for text in texts)
    assert not any(sentence[:40] in text for text in texts for sentence in TEASER_SENTENCES)


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_a_page_in_a_declared_single_byte_encoding_is_read_in_it(charset):
    page = extract_page(news_page(charset=charset), max_bytes=LIMIT)
    assert "£48 million" in page.text and "Â" not in page.text


def test_an_undeclared_non_utf8_page_is_read_as_windows_1252_as_browsers_do():
    html = news_page(charset="windows-1252").replace(b'<meta charset="windows-1252">', b"")
    assert "£48 million" in extract_page(html, max_bytes=LIMIT).text


def test_the_http_charset_wins_over_a_wrong_meta_charset():
    html = news_page(charset="windows-1252").replace(b'<meta charset="windows-1252">', b'<meta charset="utf-8">')
    assert "£48 million" in extract_page(html, max_bytes=LIMIT, charset="windows-1252").text


def test_a_utf8_byte_order_mark_is_fine():
    assert extract_page(b"\xef\xbb\xbf" + news_page(), max_bytes=LIMIT).title == HEADLINE


def test_a_french_page_keeps_its_text_and_declared_language():
    page = extract_page(french_page(), max_bytes=LIMIT)
    assert page.declared_language == "fr"
    assert "triplement du budget" in page.text
    assert extract_article(page.text).language == "fr"


@pytest.mark.parametrize(
    "data",
    [
        b"The council voted to triple the budget. It will cost 48 million pounds.",
        b'{"headline": "Harbour council votes", "body": "<p>The council voted.</p>"}',
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x00\x00<html><body><p>binary</p></body></html>",
    ],
    ids=["plain-text", "json", "pdf", "png", "nul-bytes"],
)
def test_what_is_not_an_html_page_is_refused_with_a_clear_message(data):
    assert not looks_like_html(data) or b"\x00" in data
    with pytest.raises(NotAWebPage, match=r"^upload\.html: this is not an HTML page"):
        extract_page(data, max_bytes=LIMIT, name="upload.html")


@pytest.mark.parametrize("data", [b"", b"   \n\t "], ids=["empty", "whitespace"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(EmptyArticle, match="the page is empty"):
        extract_page(data, max_bytes=LIMIT, name="upload.html")


def test_a_page_without_main_text_is_refused_even_though_its_json_holds_the_article():
    html = app_shell_page()
    assert ARTICLE_PARAGRAPHS[3].encode() in html  # in __NEXT_DATA__ only
    with pytest.raises(EmptyArticle, match="no main text found") as raised:
        extract_page(html, max_bytes=LIMIT, name="shell.html")
    assert raised.value.message.startswith("shell.html:")
    assert "JavaScript" in raised.value.message


def test_a_page_with_a_few_words_only_is_refused():
    words = " ".join(["word"] * (MIN_MAIN_TEXT_WORDS - 5))
    html = f"<html><body><article><h1>Title here</h1><p>{words}.</p></article></body></html>".encode()
    with pytest.raises(EmptyArticle, match="no main text"):
        extract_page(html, max_bytes=LIMIT)


def test_a_page_over_the_limit_is_refused_before_it_is_parsed():
    with pytest.raises(ArticleTooLarge, match="over the page limit of 1,000 bytes"):
        extract_page(news_page(), max_bytes=1000, name="big.html")


def test_extraction_time_of_a_large_page():
    """A 1.3 MB page (most of it CSS, JS and JSON) in well under a second of CPU (measured, printed)."""
    html = news_page(padding_kilobytes=550)
    assert len(html) > 1_200_000
    extract_page(news_page(padding_kilobytes=5), max_bytes=LIMIT)  # imports and caches
    started, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
    page = extract_page(html, max_bytes=LIMIT)
    cpu_seconds = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu
    print(f"\n{len(html):,} byte page: {cpu_seconds:.2f} s CPU, {time.monotonic() - started:.2f} s wall")
    assert page.title == HEADLINE
    assert cpu_seconds < 3.0
