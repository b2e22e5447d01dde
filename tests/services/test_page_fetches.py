"""Gap 1 of issue 17's web pages: a URL is checked in the request and fetched by a task (``PageFetch``).

``page_fetch_request`` checks the address and records the fetch; ``page_fetch_run`` (the task's one call)
fetches and ingests. Pages are written by the tests and served on 127.0.0.1 (tests/page_server.py), reachable
only because ``page_server`` turns ``OUTBOUND_ALLOW_LOOPBACK`` on; nothing may leave loopback.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.exceptions import OutboundRefused, PageFetchPending
from reviews.models import Article, ArticleOrigin, ArticleState, PageFetch, PageFetchState
from reviews.services.webpages import (
    FETCH_TASK,
    UNEXPECTED_FAILURE,
    page_fetch_failed,
    page_fetch_request,
    page_fetch_run,
    page_fetches_requeue_stuck,
)
from tests.factories import UserFactory
from tests.network_guard import refuse_outside_loopback
from tests.page_server import Route
from tests.webpages import ARTICLE_PARAGRAPHS, BYLINE, CANONICAL, HEADLINE, app_shell_page, news_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch, fake_dns) -> list[object]:  # type: ignore[no-untyped-def]
    fake_dns["metadata.internal.example.org"] = ["169.254.169.254"]
    return refuse_outside_loopback(monkeypatch)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """What was handed to the broker (after commit)."""
    messages: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr("reviews.services.webpages.enqueue", lambda name, *args: messages.append((name, args)))
    return messages


def _request(url: str, user, **kwargs) -> PageFetch:  # type: ignore[no-untyped-def]
    return page_fetch_request(url=url, user=user, **kwargs)


def test_a_url_is_recorded_pending_and_queued_after_commit(
    editor, page_server, sent, django_capture_on_commit_callbacks
):
    url = page_server.url("/news/harbour")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = _request(url, editor, title="Harbour", desk="Environment")
        assert sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1 and sent == [(FETCH_TASK, (row.pk,))]
    assert (row.state, row.page_url, row.title, row.desk, row.requested_by) == (
        PageFetchState.PENDING,
        url,
        "Harbour",
        "Environment",
        editor,
    )
    assert page_server.requests == []  # the request only checked the address: nothing was fetched
    assert not Article.objects.exists()


def test_the_same_url_asked_twice_while_pending_is_one_fetch(editor, page_server, django_capture_on_commit_callbacks):
    url = page_server.url("/a")
    with django_capture_on_commit_callbacks() as callbacks:
        first = _request(url, editor)
        again = _request(url + "  ", editor)
    assert first.pk == again.pk and PageFetch.objects.count() == 1 and len(callbacks) == 1


def test_another_editor_asking_for_the_same_page_the_same_way_follows_the_pending_fetch(editor, page_server):
    colleague = UserFactory(username="eddie", roles=["editor"])
    first = _request(page_server.url("/a"), editor, title="Harbour", desk="Environment")
    again = _request(page_server.url("/a"), colleague, title=" Harbour ", desk="Environment")
    assert again.pk == first.pk and again.requested_by == editor  # the answer says who asked first


@pytest.mark.parametrize(("title", "desk"), [("Another headline", "Environment"), ("Harbour", "Politics"), ("", "")])
def test_the_same_page_asked_with_other_options_while_pending_is_refused_naming_who_asked(
    editor, page_server, title, desk, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="eddie", roles=["editor"])
    first = _request(page_server.url("/a"), editor, title="Harbour", desk="Environment")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PageFetchPending) as caught:
        _request(page_server.url("/a"), colleague, title=title, desk=desk)
    error = caught.value
    assert (error.fetch_id, error.status_code, error.code) == (first.pk, 409, "page_fetch_pending")
    assert error.message.startswith(page_server.url("/a"))
    assert "already being fetched" in error.message and "edna" in error.message
    assert "Harbour" in error.message and "Environment" in error.message
    assert PageFetch.objects.count() == 1 and callbacks == []  # nothing recorded or queued, nothing silently lost


def test_once_the_first_fetch_is_finished_the_page_can_be_asked_for_again(editor, page_server):
    first = _request(page_server.url("/a"), editor, title="Harbour")
    page_fetch_failed(fetch_id=first.pk, error=RuntimeError("gave up"))
    again = _request(page_server.url("/a"), editor, title="Another headline")
    assert again.pk != first.pk and again.title == "Another headline"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("https://metadata.internal.example.org/", "must resolve to public internet addresses only"),
        ("https://10.0.0.1/news", "10.0.0.1 is a private address"),
        ("http://example.org/", "URLs must use HTTPS"),
    ],
)
def test_refused_addresses_are_refused_in_the_request_and_nothing_is_recorded(
    editor, url, message, no_traffic_outside_loopback, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(OutboundRefused, match=message) as caught:
        _request(url, editor)
    assert caught.value.message.startswith(url)
    assert not PageFetch.objects.exists() and callbacks == [] and no_traffic_outside_loopback == []


def test_loopback_is_refused_in_the_request_without_the_development_setting(editor, page_server, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    with pytest.raises(OutboundRefused, match="must use HTTPS"):
        _request(page_server.url("/a"), editor)
    with pytest.raises(OutboundRefused, match="127.0.0.1 is a loopback address"):
        _request(page_server.url("/a").replace("http:", "https:"), editor)
    assert not PageFetch.objects.exists() and page_server.requests == []


def test_the_task_fetches_and_ingests_and_the_fetch_names_the_article(editor, page_server):
    page_server.routes["/news/harbour"] = Route(news_page())
    row = _request(page_server.url("/news/harbour"), editor, desk="Environment")
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    assert outcome.retry is False
    row.refresh_from_db()
    article = Article.objects.get()
    assert (row.state, row.article, row.attempts, row.error, row.error_code) == (
        PageFetchState.DONE,
        article,
        1,
        "",
        "",
    )
    assert row.finished_at is not None
    assert (article.title, article.byline, article.origin, article.desk) == (
        HEADLINE,
        BYLINE,
        ArticleOrigin.URL,
        "Environment",
    )
    assert article.source_url == row.page_url and article.ingested_by == editor
    assert article.state == ArticleState.REVIEW and article.claims.count() >= 5


def test_running_a_finished_fetch_again_changes_nothing(editor, page_server):
    page_server.routes["/a"] = Route(news_page())
    row = _request(page_server.url("/a"), editor)
    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    assert outcome.retry is False and outcome.fetch is not None and outcome.fetch.state == PageFetchState.DONE
    assert page_server.requests == ["/a"] and Article.objects.count() == 1
    assert page_fetch_run(fetch_id=999_999, final_attempt=False).fetch is None


def test_a_large_page_is_extracted_in_the_task_not_queued_again(editor, page_server, settings):
    settings.ARTICLE_ASYNC_MIN_BYTES = 500
    page_server.routes["/a"] = Route(news_page())
    row = _request(page_server.url("/a"), editor)
    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    article = Article.objects.get()
    assert article.state == ArticleState.REVIEW and article.claims.exists()


def test_the_article_and_done_commit_together(editor, page_server, monkeypatch):
    """A worker dying between storing the article and marking the fetch done leaves neither: it runs again."""
    page_server.routes["/a"] = Route(news_page())
    row = _request(page_server.url("/a"), editor)
    real_store = __import__("reviews.services.articles", fromlist=["_store_claims"])._store_claims

    def store_then_die(**kwargs):  # type: ignore[no-untyped-def]
        real_store(**kwargs)
        raise KeyboardInterrupt  # not an Exception: nothing catches it on the way up

    monkeypatch.setattr("reviews.services.articles._store_claims", store_then_die)
    with pytest.raises(KeyboardInterrupt):
        page_fetch_run(fetch_id=row.pk, final_attempt=False)
    row.refresh_from_db()
    assert row.state == PageFetchState.PENDING and not Article.objects.exists()
    monkeypatch.setattr("reviews.services.articles._store_claims", real_store)
    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    row.refresh_from_db()
    assert row.state == PageFetchState.DONE and row.article == Article.objects.get() and row.attempts == 2


def test_a_duplicate_fails_and_names_the_article_already_stored(editor, page_server):
    page_server.routes["/a"] = Route(news_page())
    page_server.routes["/copy"] = Route(news_page(padding_kilobytes=60))
    first = _request(page_server.url("/a"), editor)
    page_fetch_run(fetch_id=first.pk, final_attempt=False)
    second = _request(page_server.url("/copy"), editor)
    page_fetch_run(fetch_id=second.pk, final_attempt=False)
    second.refresh_from_db()
    article = Article.objects.get()
    assert (second.state, second.error_code, second.article) == (PageFetchState.FAILED, "duplicate_article", article)
    assert second.error == f"{second.page_url}: already ingested as article #{article.pk}."
    assert second.page_url == page_server.url("/copy")  # the address asked for is kept


@pytest.mark.parametrize(
    ("route", "code", "message"),
    [
        (Route(b"%PDF-1.7", headers={"Content-Type": "application/pdf"}), "not_a_web_page", "sent application/pdf"),
        (Route(app_shell_page()), "empty_article", "no main text found"),
        (Route(status=404), "outbound_failed", "answered HTTP 404"),
        (Route(status=302, headers={"Location": "https://169.254.169.254/"}), "outbound_refused", "link-local"),
        (
            Route(status=302, headers={"Location": "https://metadata.internal.example.org/x"}),
            "outbound_refused",
            "public",
        ),
    ],
    ids=["pdf", "no-main-text", "404", "redirect-to-link-local", "redirect-to-internal-name"],
)
def test_permanent_failures_fail_at_once_keeping_the_url_and_the_error(
    editor, page_server, route, code, message, no_traffic_outside_loopback
):
    page_server.routes["/a"] = route
    row = _request(page_server.url("/a"), editor)
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    row.refresh_from_db()
    assert outcome.retry is False
    assert (row.state, row.error_code, row.attempts, row.article) == (PageFetchState.FAILED, code, 1, None)
    assert message in row.error and row.error.startswith(page_server.url("/a"))
    assert row.page_url == page_server.url("/a") and row.finished_at is not None
    assert not Article.objects.exists() and no_traffic_outside_loopback == []
    assert page_server.requests == ["/a"]  # the refused destination was never asked


def test_a_page_over_the_size_limit_fails_without_a_retry(editor, page_server, settings):
    settings.WEBPAGE_MAX_BYTES = 50_000
    page_server.routes["/big"] = Route(news_page(), declare_length=False)
    row = _request(page_server.url("/big"), editor)
    assert page_fetch_run(fetch_id=row.pk, final_attempt=False).retry is False
    row.refresh_from_db()
    assert (row.state, row.error_code) == (PageFetchState.FAILED, "outbound_too_large")
    assert "response too large" in row.error and not Article.objects.exists()


@pytest.mark.parametrize(
    ("route", "code"),
    [(Route(news_page(), delay=2), "outbound_timeout"), (Route(status=503), "outbound_failed")],
    ids=["timeout", "503"],
)
def test_transient_failures_ask_for_a_retry_then_fail_on_the_last_attempt(editor, page_server, settings, route, code):
    settings.WEBPAGE_FETCH_TIMEOUT_SECONDS = 0.5
    page_server.routes["/a"] = route
    row = _request(page_server.url("/a"), editor)
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    row.refresh_from_db()
    assert outcome.retry is True
    assert (row.state, row.error_code, row.attempts) == (PageFetchState.PENDING, code, 1)  # the error is visible
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=True)
    row.refresh_from_db()
    assert outcome.retry is False
    assert (row.state, row.error_code, row.attempts) == (PageFetchState.FAILED, code, 2)
    assert row.error.startswith(page_server.url("/a")) and not Article.objects.exists()


def test_a_site_that_recovers_is_ingested_on_the_retry(editor, page_server):
    page_server.routes["/a"] = [Route(status=503), Route(news_page())]
    row = _request(page_server.url("/a"), editor)
    assert page_fetch_run(fetch_id=row.pk, final_attempt=False).retry is True
    assert page_fetch_run(fetch_id=row.pk, final_attempt=False).retry is False
    row.refresh_from_db()
    assert (row.state, row.error, row.error_code, row.attempts) == (PageFetchState.DONE, "", "", 2)
    assert row.article == Article.objects.get()


def test_an_unexpected_error_fails_the_fetch_and_keeps_the_url_but_not_its_text(editor, page_server, caplog):
    row = _request(page_server.url("/a"), editor)
    error = RuntimeError("boom in /srv/newsroom/reviews/secret.py")
    with caplog.at_level("ERROR", logger="reviews.services.webpages"):
        page_fetch_failed(fetch_id=row.pk, error=error)
    row.refresh_from_db()
    assert (row.state, row.error_code, row.error, row.page_url) == (
        PageFetchState.FAILED,
        "fetch_failed",
        UNEXPECTED_FAILURE,
        page_server.url("/a"),
    )
    assert "boom" not in row.error and "/srv/" not in row.error
    [record] = caplog.records  # the operators get all of it, with the fetch it belongs to
    assert f"page fetch #{row.pk}" in record.getMessage() and record.exc_info and record.exc_info[1] is error


def test_fetches_left_pending_are_sent_again(editor, page_server, settings, django_capture_on_commit_callbacks):
    settings.ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS = 600
    old = _request(page_server.url("/old"), editor)
    fresh = _request(page_server.url("/fresh"), editor)
    done = _request(page_server.url("/done"), editor)
    PageFetch.objects.filter(pk__in=[old.pk, done.pk]).update(requested_at=timezone.now() - timedelta(minutes=11))
    PageFetch.objects.filter(pk=done.pk).update(state=PageFetchState.DONE)
    with django_capture_on_commit_callbacks() as callbacks:
        assert page_fetches_requeue_stuck() == [old.pk]
    assert len(callbacks) == 1 and fresh.pk != old.pk


# --- where the page was finally read (gap 2) ------------------------------------------------------


def test_the_final_url_after_redirects_and_the_canonical_link_are_stored(editor, page_server):
    page_server.routes["/short"] = Route(status=301, headers={"Location": "/news/harbour"})
    page_server.routes["/news/harbour"] = Route(status=302, headers={"Location": page_server.url("/final?x=1")})
    page_server.routes["/final?x=1"] = Route(news_page())
    row = _request(page_server.url("/short"), editor)
    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    article = Article.objects.get()
    assert article.source_url == page_server.url("/short")  # the address asked for
    assert article.final_url == page_server.url("/final?x=1")  # where it was read
    assert article.canonical_url == CANONICAL  # what the page says of itself
    assert page_server.requests == ["/short", "/news/harbour", "/final?x=1"]


def test_without_redirects_the_final_url_is_the_address_and_a_saved_page_has_none(editor, page_server):
    from reviews.services.webpages import article_ingest_page

    page_server.routes["/a"] = Route(news_page(paragraphs=ARTICLE_PARAGRAPHS[:3]))
    row = _request(page_server.url("/a"), editor)
    page_fetch_run(fetch_id=row.pk, final_attempt=False)
    fetched = Article.objects.get()
    assert fetched.final_url == page_server.url("/a")
    saved = article_ingest_page(data=news_page(), user=editor).article
    assert (saved.final_url, saved.canonical_url) == ("", CANONICAL)


# --- the worker checks the address again, whatever it resolved to when it was asked for ----------


@pytest.mark.parametrize(
    "internal",
    ["10.1.2.3", "169.254.169.254", "127.0.0.1", "::1", "::ffff:169.254.169.254", "::ffff:7f00:1", "fd00::1"],
)
def test_a_name_that_resolves_inside_by_the_time_the_worker_fetches_is_refused(
    editor, internal, fake_dns, settings, no_traffic_outside_loopback
):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    fake_dns["news.example.org"] = ["93.184.215.14"]  # public when the editor asks
    row = _request("https://news.example.org/story", editor)
    fake_dns["news.example.org"] = [internal]  # DNS rebinding: inside when the worker fetches
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    assert outcome.fetch is not None and not outcome.retry
    assert (outcome.fetch.state, outcome.fetch.error_code) == (PageFetchState.FAILED, "outbound_refused")
    assert "must resolve to public internet addresses only" in outcome.fetch.error
    assert no_traffic_outside_loopback == [] and not Article.objects.exists()


@pytest.mark.parametrize(
    "location",
    [
        "http://2852039166/latest/meta-data/",  # 169.254.169.254 as one decimal number
        "http://0251.0376.0251.0376/latest/meta-data/",  # the same in octal
        "http://0xa9.0xfe.0xa9.0xfe/",  # and in hex
        "http://169.254.43518/",  # a short form inet_aton() accepts
        "http://[::ffff:a9fe:a9fe]/latest/meta-data/",  # IPv4-mapped IPv6
        "http://[::ffff:10.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64
        "http://[fe80::1%25eth0]/",  # scoped link-local
        "http://internal.example.org/",  # a name that resolves to a private address
    ],
)
def test_every_redirect_hop_is_checked_whatever_the_address_spelling(
    editor, page_server, fake_dns, location, no_traffic_outside_loopback
):
    fake_dns["internal.example.org"] = ["10.20.30.40"]
    page_server.routes["/go"] = Route(status=302, headers={"Location": location})
    row = _request(page_server.url("/go"), editor)
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    assert outcome.fetch is not None
    assert (outcome.fetch.state, outcome.fetch.error_code) == (PageFetchState.FAILED, "outbound_refused")
    assert page_server.requests == ["/go"] and no_traffic_outside_loopback == []


def test_the_deadline_covers_a_page_that_trickles_in(editor, page_server, settings):
    settings.WEBPAGE_FETCH_TIMEOUT_SECONDS = 1.0
    page_server.routes["/drip"] = Route(news_page(), drip=0.1)  # 1 KB every 0.1 s: far past the deadline
    row = _request(page_server.url("/drip"), editor)
    started = timezone.now()
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=True)
    assert outcome.fetch is not None
    assert (outcome.fetch.state, outcome.fetch.error_code) == (PageFetchState.FAILED, "outbound_timeout")
    assert (timezone.now() - started).total_seconds() < 2.5


def test_a_page_without_a_declared_length_is_cut_off_while_streaming(editor, page_server, settings, monkeypatch):
    settings.WEBPAGE_MAX_BYTES = 20_000
    read: list[int] = []
    from reviews.services import outbound

    real_read = outbound._read_capped

    def counting(response, *, max_bytes, deadline):  # type: ignore[no-untyped-def]
        original = response.read1

        def read1(amount=-1, **kwargs):  # type: ignore[no-untyped-def]
            chunk = original(amount, **kwargs)
            read.append(len(chunk))
            return chunk

        response.read1 = read1
        return real_read(response, max_bytes=max_bytes, deadline=deadline)

    monkeypatch.setattr(outbound, "_read_capped", counting)
    page_server.routes["/endless"] = Route(b"<html><body>" + b"<p>words words</p>" * 200_000, declare_length=False)
    row = _request(page_server.url("/endless"), editor)
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=True)
    assert outcome.fetch is not None and outcome.fetch.error_code == "outbound_too_large"
    assert sum(read) <= settings.WEBPAGE_MAX_BYTES + 1


@pytest.mark.parametrize("encoding", ["gzip", "br", "deflate", "x-gzip"])
def test_a_compressed_answer_is_refused_and_never_decompressed(editor, page_server, encoding, monkeypatch):
    import gzip

    bomb = gzip.compress(b"<html><body>" + b" " * 50_000_000)  # 50 MB of spaces in about 50 KB
    page_server.routes["/bomb"] = Route(
        bomb, headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}
    )
    monkeypatch.setattr(
        "reviews.services.webpages.extract_page", lambda *args, **kwargs: pytest.fail("a compressed answer was read")
    )
    row = _request(page_server.url("/bomb"), editor)
    outcome = page_fetch_run(fetch_id=row.pk, final_attempt=False)
    assert outcome.fetch is not None and not outcome.retry
    assert (outcome.fetch.state, outcome.fetch.error_code) == (PageFetchState.FAILED, "not_a_web_page")
    assert f"compressed ({encoding})" in outcome.fetch.error
    assert not Article.objects.exists()


def test_fetches_failed_before_the_fix_no_longer_show_the_exceptions_text(editor, page_server):
    import importlib

    from django.apps import apps

    scrub = importlib.import_module("reviews.migrations.0035_page_fetch_unexpected_error_scrub")
    assert scrub.UNEXPECTED_FAILURE == UNEXPECTED_FAILURE  # the migration's copy of the sentence
    leaked = _request(page_server.url("/a"), editor)
    refused = _request(page_server.url("/b"), editor)
    PageFetch.objects.filter(pk=leaked.pk).update(
        state=PageFetchState.FAILED, error_code="fetch_failed", error='OperationalError: host "db.internal" is down'
    )
    PageFetch.objects.filter(pk=refused.pk).update(
        state=PageFetchState.FAILED, error_code="not_a_web_page", error="https://x.example/b: not an HTML page."
    )
    scrub.scrub(apps, None)
    assert PageFetch.objects.get(pk=leaked.pk).error == UNEXPECTED_FAILURE
    assert PageFetch.objects.get(pk=refused.pk).error == "https://x.example/b: not an HTML page."


# --- one pending fetch per address, even for simultaneous first requests ---------------------------


def test_the_database_refuses_a_second_pending_fetch_of_the_same_address(editor):
    from django.db import IntegrityError, transaction

    url = "https://news.example/story"
    PageFetch.objects.create(page_url=url, state=PageFetchState.FAILED)
    PageFetch.objects.create(page_url=url, state=PageFetchState.DONE)
    PageFetch.objects.create(page_url=url)  # pending: finished fetches of the address do not count
    PageFetch.objects.create(page_url=url + "/other")
    with pytest.raises(IntegrityError), transaction.atomic():
        PageFetch.objects.create(page_url=url)
    assert PageFetch.objects.filter(page_url=url, state=PageFetchState.PENDING).count() == 1


@pytest.fixture
def look_misses_the_winner(monkeypatch):  # type: ignore[no-untyped-def]
    """The request's first look for a pending fetch finds none, as when a simultaneous request's insert
    was not committed yet; what the request does after its own insert fails is the real thing."""
    from reviews.services import webpages

    real = webpages._pending_fetch
    looks: list[PageFetch | None] = []

    def racing(*, page_url: str) -> PageFetch | None:
        looks.append(real(page_url=page_url) if looks else None)
        return looks[-1]

    monkeypatch.setattr(webpages, "_pending_fetch", racing)
    return looks


def test_losing_the_race_with_the_same_title_and_desk_answers_the_winners_fetch(
    editor, page_server, look_misses_the_winner, django_capture_on_commit_callbacks
):
    url = page_server.url("/a")
    winner = PageFetch.objects.create(page_url=url, title="Harbour", desk="Environment", requested_by=editor)
    colleague = UserFactory(username="eddie", roles=["editor"])
    with django_capture_on_commit_callbacks() as callbacks:
        answer = _request(url, colleague, title="Harbour", desk="Environment")
    assert answer.pk == winner.pk and answer.requested_by == editor
    assert look_misses_the_winner == [None, winner]  # it did insert, was refused, and looked again
    assert PageFetch.objects.count() == 1 and callbacks == []  # nothing queued for the refused insert


def test_losing_the_race_with_another_title_is_the_usual_conflict(editor, page_server, look_misses_the_winner):
    url = page_server.url("/a")
    winner = PageFetch.objects.create(page_url=url, title="Harbour", requested_by=editor)
    with pytest.raises(PageFetchPending) as raised:
        _request(url, editor, title="Another headline")
    assert raised.value.fetch_id == winner.pk and "already being fetched" in raised.value.message
    assert PageFetch.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("titles", [("Harbour", "Harbour"), ("Harbour", "Another headline")])
def test_two_simultaneous_first_requests_make_one_fetch(editor, page_server, sent, monkeypatch, titles):
    """Two requests on two connections both look, find nothing, then both insert: one fetch, one message."""
    import threading

    from django.db import connection, connections

    from reviews.services import webpages

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent writers); SQLite serialises them")
    url = page_server.url("/a")
    both_looked = threading.Barrier(2, timeout=30)
    real = webpages._pending_fetch
    first_look = threading.local()

    def look_together(*, page_url: str) -> PageFetch | None:
        found = real(page_url=page_url)
        if not getattr(first_look, "done", False):
            first_look.done = True
            both_looked.wait()  # neither inserts before both have seen no pending fetch
        return found

    monkeypatch.setattr(webpages, "_pending_fetch", look_together)
    answers: dict[str, object] = {}

    def ask(title: str, name: str) -> None:
        try:
            answers[name] = page_fetch_request(url=url, user=editor, title=title)
        except BaseException as error:  # the assertion below shows it
            answers[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(title, f"t{n}")) for n, title in enumerate(titles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    [row] = PageFetch.objects.all()
    assert row.state == PageFetchState.PENDING and sent == [(FETCH_TASK, (row.pk,))]
    fetches = [answer for answer in answers.values() if isinstance(answer, PageFetch)]
    assert fetches and {fetch.pk for fetch in fetches} == {row.pk}, answers
    if titles[0] == titles[1]:
        assert len(fetches) == 2, answers  # both follow the one fetch
    else:
        [conflict] = [answer for answer in answers.values() if not isinstance(answer, PageFetch)]
        assert isinstance(conflict, PageFetchPending) and conflict.fetch_id == row.pk, answers


@pytest.mark.django_db(transaction=True)
def test_the_migration_fails_the_pending_duplicates_an_earlier_race_left():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("reviews", "0035_page_fetch_unexpected_error_scrub")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("reviews", "PageFetch")
        first = old.objects.create(page_url="https://news.example/a", title="Harbour")
        second = old.objects.create(page_url="https://news.example/a", title="Harbour")
        other = old.objects.create(page_url="https://news.example/b")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    states = dict(PageFetch.objects.values_list("pk", "state"))
    assert states == {first.pk: "pending", second.pk: "failed", other.pk: "pending"}
    failed = PageFetch.objects.get(pk=second.pk)
    assert failed.error_code == "page_fetch_pending" and f"fetch #{first.pk}" in failed.error and failed.finished_at
