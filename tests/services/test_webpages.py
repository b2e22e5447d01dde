"""Issue 17, item 4: ingesting saved web pages and pages fetched by URL (reviews/services/webpages.py).

URL tests fetch from a site served on 127.0.0.1 inside the test (tests/page_server.py), reachable only
because the ``page_server`` fixture turns ``OUTBOUND_ALLOW_LOOPBACK`` on for that test. Names resolve
through the stub resolver of tests/conftest.py; the socket layer fails the test on any connection or
lookup outside loopback (tests/network_guard.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from reviews.exceptions import (
    ArticleTooLarge,
    DuplicateArticle,
    EmptyArticle,
    NoClaimsFound,
    NotAWebPage,
    OutboundFailed,
    OutboundRefused,
    OutboundTimeout,
    OutboundTooLarge,
)
from reviews.models import Article, ArticleOrigin, ArticleState, AuditEvent, Claim
from reviews.services.articles import article_extract_queued, article_ingest
from reviews.services.webpages import article_ingest_page, article_ingest_url, page_fetch
from tests.network_guard import refuse_outside_loopback
from tests.page_server import Route
from tests.webpages import (
    ARTICLE_PARAGRAPHS,
    BYLINE,
    CANONICAL,
    HEADLINE,
    TEASER_SENTENCES,
    app_shell_page,
    french_page,
    news_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch, fake_dns) -> list[object]:  # type: ignore[no-untyped-def]
    fake_dns["metadata.internal.example.org"] = ["169.254.169.254"]
    fake_dns["intranet.example.org"] = ["10.0.0.7"]
    return refuse_outside_loopback(monkeypatch)


def _counts() -> tuple[int, int, int]:
    return Article.objects.count(), Claim.objects.count(), AuditEvent.objects.count()


def _assert_article_from_the_page(article: Article) -> None:
    assert article.title == HEADLINE
    assert article.byline == BYLINE
    assert article.published_on == date(2026, 3, 4)
    assert article.canonical_url == CANONICAL
    assert article.declared_language == "en-gb"
    assert article.site_name == "The Coastal Ledger"
    assert article.language == "en" and article.state == ArticleState.REVIEW
    assert article.raw_text.startswith(HEADLINE + "\n\n" + ARTICLE_PARAGRAPHS[0])
    claims = list(article.claims.values_list("text", flat=True))
    assert len(claims) >= 5
    assert not any(sentence[:40] in claim for claim in claims for sentence in TEASER_SENTENCES)
    for claim in article.claims.all():
        assert article.cleaned_text[claim.start : claim.end] == claim.text


# --- saved pages -------------------------------------------------------------------------------


def test_a_saved_page_is_ingested_with_its_metadata(editor):
    result = article_ingest_page(data=news_page(), user=editor, desk="Environment", name="ledger.html")
    article = result.article
    assert article.origin == ArticleOrigin.PAGE and article.source_url == "" and article.desk == "Environment"
    _assert_article_from_the_page(article)
    assert result.claim_count == article.claims.count()
    event = AuditEvent.objects.get(article=article, action="article_ingested")
    assert event.data["origin"] == "page" and event.data["declared_language"] == "en-gb"


def test_the_editor_title_and_source_url_win_but_the_page_metadata_is_kept(editor):
    article = article_ingest_page(
        data=news_page(), user=editor, title="Flood budget", source_url="https://www.coastal-ledger.example/s/1"
    ).article
    assert (article.title, article.source_url, article.canonical_url) == (
        "Flood budget",
        "https://www.coastal-ledger.example/s/1",
        CANONICAL,
    )


def test_the_same_article_in_a_page_whose_template_changed_is_a_duplicate(editor):
    """The hash is taken on the main text: other ads, teasers, tracking JSON and comments change nothing."""
    first = article_ingest_page(data=news_page(), user=editor).article
    changed = news_page(padding_kilobytes=60).replace(b"TEMPLATE: article-v7", b"TEMPLATE: article-v8")
    changed = changed.replace(TEASER_SENTENCES[0].encode(), b"A different teaser said 9% of something else.")
    assert changed != news_page()
    before = _counts()
    with pytest.raises(DuplicateArticle, match="already ingested") as raised:
        article_ingest_page(data=changed, user=editor, name="again.html")
    assert raised.value.article_id == first.pk and _counts() == before


def test_the_page_and_its_main_text_pasted_are_the_same_article(editor):
    first = article_ingest_page(data=news_page(), user=editor).article
    with pytest.raises(DuplicateArticle):
        article_ingest(raw_text=first.raw_text.replace("\n", "\r\n"), user=editor)


def test_a_changed_article_at_the_same_source_url_is_a_new_version(editor):
    url = "https://www.coastal-ledger.example/s/1"
    first = article_ingest_page(data=news_page(), user=editor, source_url=url).article
    corrected = [*ARTICLE_PARAGRAPHS[:-1], "The council will publish a full timetable for the works in May."]
    second = article_ingest_page(data=news_page(paragraphs=corrected), user=editor, source_url=url).article
    assert (second.version, second.previous_version_id) == (2, first.pk)
    assert second.byline == BYLINE and second.origin == ArticleOrigin.PAGE


def test_a_french_page_goes_to_triage_as_french_text_does(editor):
    article = article_ingest_page(data=french_page(), user=editor).article
    assert (article.state, article.language, article.declared_language) == (ArticleState.TRIAGE, "fr", "fr")
    assert article.claims.count() == 0 and article.origin == ArticleOrigin.PAGE


def test_a_page_declaring_english_but_written_in_french_is_judged_by_its_text(editor):
    html = french_page().replace(b'<html lang="fr"', b'<html lang="en"')
    article = article_ingest_page(data=html, user=editor).article
    assert (article.state, article.language, article.declared_language) == (ArticleState.TRIAGE, "fr", "en")


NO_CLAIM_PARAGRAPHS = [
    "What would you do with a free afternoon by the harbour this spring, and who would you bring along?",
    "Tell us about your favourite walk along the old sea wall and the views you love from it.",
    "Send us your photographs of the waterfront in the morning light and we will share our favourites.",
]


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"The council voted to triple the budget to 48 million pounds.", NotAWebPage, "not an HTML page"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", NotAWebPage, "not an HTML page"),
        (b"", EmptyArticle, "the page is empty"),
        (app_shell_page(), EmptyArticle, "no main text found"),
        (news_page(paragraphs=NO_CLAIM_PARAGRAPHS), NoClaimsFound, "no check-worthy claims"),
    ],
    ids=["plain-text", "pdf", "empty", "no-main-text", "english-without-claims"],
)
def test_bad_pages_are_refused_with_a_clear_message_and_nothing_stored(editor, data, error, message):
    before = _counts()
    with pytest.raises(error, match=message) as raised:
        article_ingest_page(data=data, user=editor, name="upload.html")
    assert raised.value.message.startswith("upload.html:")
    assert _counts() == before


def test_a_page_over_the_page_limit_is_refused(editor, settings):
    settings.WEBPAGE_MAX_BYTES = 100_000
    with pytest.raises(ArticleTooLarge, match="over the page limit of 100,000 bytes"):
        article_ingest_page(data=news_page(), user=editor, name="big.html")
    assert _counts() == (0, 0, 0)


def test_a_large_page_is_queued_with_its_metadata_and_keeps_it_after_extraction(editor, settings):
    settings.ARTICLE_ASYNC_MIN_BYTES = 500
    result = article_ingest_page(data=news_page(), user=editor)
    article = result.article
    assert result.queued and article.state == ArticleState.EXTRACTING
    assert (article.byline, article.declared_language, article.origin) == (BYLINE, "en-gb", ArticleOrigin.PAGE)
    article_extract_queued(article_id=article.pk)
    article.refresh_from_db()
    _assert_article_from_the_page(article)


# --- pages by URL ------------------------------------------------------------------------------


def test_a_page_is_fetched_from_its_url_and_ingested(editor, page_server, no_traffic_outside_loopback):
    page_server.routes["/news/harbour"] = Route(news_page())
    url = page_server.url("/news/harbour")
    article = article_ingest_url(url=url, user=editor, desk="Environment").article
    assert article.origin == ArticleOrigin.URL and article.source_url == url
    _assert_article_from_the_page(article)
    assert page_server.requests == ["/news/harbour"]
    assert page_server.user_agents[0].startswith("NewsroomClaimReview/")
    assert no_traffic_outside_loopback == []


def test_the_same_page_fetched_and_uploaded_is_one_article(editor, page_server):
    page_server.routes["/a"] = Route(news_page())
    first = article_ingest_url(url=page_server.url("/a"), user=editor).article
    with pytest.raises(DuplicateArticle) as raised:
        article_ingest_page(data=news_page(), user=editor)
    assert raised.value.article_id == first.pk


def test_fetching_the_same_url_after_a_correction_makes_a_new_version(editor, page_server):
    page_server.routes["/a"] = Route(news_page())
    first = article_ingest_url(url=page_server.url("/a"), user=editor).article
    corrected = [*ARTICLE_PARAGRAPHS[:-1], "The council will publish a full timetable for the works in May."]
    page_server.routes["/a"] = Route(news_page(paragraphs=corrected))
    second = article_ingest_url(url=page_server.url("/a"), user=editor).article
    assert (second.version, second.previous_version_id) == (2, first.pk)


def test_the_http_charset_header_is_used(editor, page_server):
    html = news_page(charset="windows-1252").replace(b'<meta charset="windows-1252">', b"")
    page_server.routes["/a"] = Route(html, headers={"Content-Type": "text/html; charset=windows-1252"})
    article = article_ingest_url(url=page_server.url("/a"), user=editor).article
    assert "£48 million" in article.raw_text


def test_loopback_is_refused_without_the_development_setting(editor, settings, page_server):
    page_server.routes["/a"] = Route(news_page())
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    with pytest.raises(OutboundRefused, match="URLs must use HTTPS"):
        article_ingest_url(url=page_server.url("/a"), user=editor)
    https = page_server.url("/a").replace("http://", "https://")
    with pytest.raises(OutboundRefused, match="127.0.0.1 is a loopback address"):
        article_ingest_url(url=https, user=editor)
    assert page_server.requests == [] and _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://10.0.0.1/", "a private address"),
        ("https://metadata.internal.example.org/", "must resolve to public internet addresses only"),
        ("https://intranet.example.org/news", "must resolve to public internet addresses only"),
        ("https://2852039166/", "four plain decimal numbers"),
        ("https://reporter@10.0.0.1/", "user name or password"),
        ("ftp://example.org/page.html", "only http and https"),
        ("http://example.org/news", "URLs must use HTTPS"),
    ],
)
def test_internal_and_malformed_urls_are_refused_before_anything_is_sent(
    editor, url, message, no_traffic_outside_loopback
):
    with pytest.raises(OutboundRefused, match=message) as raised:
        article_ingest_url(url=url, user=editor)
    assert raised.value.message.startswith(url)
    assert no_traffic_outside_loopback == [] and _counts() == (0, 0, 0)


def test_redirects_are_followed_and_each_hop_is_checked(editor, page_server):
    page_server.routes["/short"] = Route(status=301, headers={"Location": "/news/harbour"})
    page_server.routes["/news/harbour"] = Route(status=302, headers={"Location": page_server.url("/final")})
    page_server.routes["/final"] = Route(news_page())
    fetched = page_fetch(url=page_server.url("/short"))
    assert fetched.url == page_server.url("/final")
    assert fetched.redirects == (page_server.url("/news/harbour"), page_server.url("/final"))
    article = article_ingest_url(url=page_server.url("/short"), user=editor).article
    assert article.source_url == page_server.url("/short")  # what the editor asked for
    assert article.canonical_url == CANONICAL  # what the page says it is


@pytest.mark.parametrize(
    "location",
    [
        "https://169.254.169.254/latest/meta-data/",
        "https://metadata.internal.example.org/latest/meta-data/",
        "http://10.0.0.1/admin",
        "https://[::ffff:169.254.169.254]/",
    ],
)
def test_a_redirect_to_a_refused_address_is_refused_and_never_requested(
    editor, page_server, location, no_traffic_outside_loopback
):
    page_server.routes["/go"] = Route(status=302, headers={"Location": location})
    with pytest.raises(OutboundRefused, match="redirected to") as raised:
        article_ingest_url(url=page_server.url("/go"), user=editor)
    assert "refused" in raised.value.message
    assert page_server.requests == ["/go"]
    assert no_traffic_outside_loopback == [] and _counts() == (0, 0, 0)


def test_a_redirect_to_loopback_is_refused_once_the_setting_is_off(editor, page_server, settings, monkeypatch):
    """Start at a "public" page (the stub resolver) that redirects to loopback: refused at the second hop."""
    from reviews.services import outbound

    page_server.routes["/inside"] = Route(news_page())
    inside = page_server.url("/inside").replace("http://", "https://")
    real_fetch = outbound.fetch
    calls = []

    def public_page_then_real(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["url"])
        if kwargs["url"] == "https://example.org/story":
            return outbound.FetchResult(302, {"location": inside}, b"", 1, "93.184.215.14")
        return real_fetch(**kwargs)

    monkeypatch.setattr("reviews.services.webpages.fetch", public_page_then_real)
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    with pytest.raises(OutboundRefused, match=r"redirected to https://127\.0\.0\.1.*a loopback address"):
        article_ingest_url(url="https://example.org/story", user=editor)
    assert calls == ["https://example.org/story", inside]
    assert page_server.requests == []


def test_a_redirect_from_https_to_plain_http_is_refused(editor, monkeypatch):
    from reviews.services import outbound

    def redirect_to_http(**kwargs):  # type: ignore[no-untyped-def]
        return outbound.FetchResult(301, {"location": "http://example.org/story"}, b"", 1, "93.184.215.14")

    monkeypatch.setattr("reviews.services.webpages.fetch", redirect_to_http)
    with pytest.raises(OutboundRefused, match="redirects from HTTPS to http"):
        article_ingest_url(url="https://example.org/story", user=editor)


def test_too_many_redirects_are_refused(editor, page_server, settings):
    settings.WEBPAGE_FETCH_MAX_REDIRECTS = 2
    for hop in range(5):
        page_server.routes[f"/{hop}"] = Route(status=302, headers={"Location": f"/{hop + 1}"})
    with pytest.raises(OutboundRefused, match="redirects more than 2 time"):
        article_ingest_url(url=page_server.url("/0"), user=editor)
    assert page_server.requests == ["/0", "/1", "/2"]


def test_with_redirects_off_a_redirect_is_refused(editor, page_server, settings):
    settings.WEBPAGE_FETCH_MAX_REDIRECTS = 0
    page_server.routes["/short"] = Route(status=301, headers={"Location": "/final"})
    page_server.routes["/final"] = Route(news_page())
    with pytest.raises(OutboundRefused, match="redirects are not followed"):
        article_ingest_url(url=page_server.url("/short"), user=editor)
    assert page_server.requests == ["/short"]
    assert article_ingest_url(url=page_server.url("/final"), user=editor).article.pk  # no redirect: fine


def test_a_redirect_without_a_location_fails(editor, page_server):
    page_server.routes["/a"] = Route(status=302, headers={})
    with pytest.raises(OutboundFailed, match="without a Location"):
        article_ingest_url(url=page_server.url("/a"), user=editor)


def test_a_page_over_the_size_limit_is_cut_off_and_refused(editor, page_server, settings):
    settings.WEBPAGE_MAX_BYTES = 50_000
    page_server.routes["/declared"] = Route(news_page())
    page_server.routes["/chunked"] = Route(news_page(), declare_length=False)
    for path in ("/declared", "/chunked"):
        with pytest.raises(OutboundTooLarge, match="response too large"):
            article_ingest_url(url=page_server.url(path), user=editor)
    assert _counts() == (0, 0, 0)


def test_a_slow_site_times_out_within_the_limit(editor, page_server, settings):
    import time

    settings.WEBPAGE_FETCH_TIMEOUT_SECONDS = 0.5
    page_server.routes["/slow"] = Route(news_page(), delay=3)
    started = time.monotonic()
    with pytest.raises(OutboundTimeout, match="timed out"):
        article_ingest_url(url=page_server.url("/slow"), user=editor)
    assert time.monotonic() - started < 2.5
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("route", "error", "message"),
    [
        (Route(status=404), OutboundFailed, "answered HTTP 404"),
        (Route(status=500), OutboundFailed, "answered HTTP 500"),
        (Route(b"%PDF-1.7", headers={"Content-Type": "application/pdf"}), NotAWebPage, "sent application/pdf"),
        (Route(b'{"a": 1}', headers={"Content-Type": "application/json"}), NotAWebPage, "sent application/json"),
        (Route(b"Just text.", headers={"Content-Type": ""}), NotAWebPage, "not an HTML page"),
        (Route(app_shell_page()), EmptyArticle, "no main text found"),
    ],
    ids=["404", "500", "pdf", "json", "untyped-text", "no-main-text"],
)
def test_what_the_site_sends_back_is_checked(editor, page_server, route, error, message):
    page_server.routes["/a"] = route
    with pytest.raises(error, match=message):
        article_ingest_url(url=page_server.url("/a"), user=editor)
    assert _counts() == (0, 0, 0)


def test_a_french_page_by_url_goes_to_triage(editor, page_server):
    page_server.routes["/fr"] = Route(french_page())
    article = article_ingest_url(url=page_server.url("/fr"), user=editor).article
    assert (article.state, article.language, article.origin) == (ArticleState.TRIAGE, "fr", ArticleOrigin.URL)
