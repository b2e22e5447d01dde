"""Issue 12.2: no silent truncation; large articles are stored at once and extracted by a task."""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError

from reviews import tasks
from reviews.exceptions import ArticleNotReady, ClaimStateConflict, DuplicateArticle
from reviews.models import Article, ArticleState, AuditEvent, Claim
from reviews.selectors.readiness import article_readiness
from reviews.services import articles
from reviews.services.articles import article_extract_queued, article_ingest
from reviews.services.clearance import article_clear
from reviews.services.corrections import claim_add_missed
from tests.extraction.test_pipeline import LAST_PARAGRAPH, big_article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NO_CLAIMS = "Hello\nWhat do you think?\nLet us know in the comments.\n" * 40


def test_a_2mb_article_is_queued_then_extracted_whole(editor, settings, django_capture_on_commit_callbacks):
    assert settings.ARTICLE_ASYNC_MIN_BYTES < 2 * 1024 * 1024 <= settings.ARTICLE_MAX_BYTES
    raw = big_article()
    started = time.perf_counter()
    with django_capture_on_commit_callbacks() as queued:
        result = article_ingest(raw_text=raw, user=editor, desk="Ports")
    answered = time.perf_counter() - started
    article = result.article
    assert result.queued and article.state == ArticleState.EXTRACTING and len(queued) == 1
    assert article.title == "Harbour Authority Annual Review" and article.claims.count() == 0
    assert not article_readiness(article).ready
    started, cpu = time.perf_counter(), time.process_time()
    done = article_extract_queued(article_id=article.pk)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\n2 MB ingest: answered in {answered:.2f} s; extracted and stored in {cpu:.2f} s CPU, {wall:.2f} s wall")
    assert done is not None and done.claim_count > 3000
    article.refresh_from_db()
    assert article.state == ArticleState.REVIEW and article.language == "en" and article.desk == "Ports"
    last = article.claims.order_by("-position").first()
    assert last is not None and "$48.7 million" in last.text and article.cleaned_text.endswith(LAST_PARAGRAPH)
    assert article.claims.count() == done.claim_count
    actions = list(AuditEvent.objects.filter(article=article, claim=None).values_list("action", flat=True))
    assert actions == ["article_queued", "article_ingested"]


def test_duplicate_is_refused_before_the_202_and_nothing_is_queued_twice(
    editor, settings, sample_text, django_capture_on_commit_callbacks
):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    first = article_ingest(raw_text=sample_text, user=editor).article
    with pytest.raises(DuplicateArticle, match="being extracted") as raised:
        article_ingest(raw_text=sample_text, user=editor)
    assert raised.value.article_id == first.pk and Article.objects.count() == 1
    article_extract_queued(article_id=first.pk)
    with django_capture_on_commit_callbacks() as queued, pytest.raises(DuplicateArticle, match="already ingested"):
        article_ingest(raw_text=sample_text, user=editor)
    assert queued == []


def test_the_task_is_idempotent(editor, settings, sample_text):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    article = article_ingest(raw_text=sample_text, user=editor).article
    assert tasks.extract_article_claims.apply(args=[article.pk]).get() == ArticleState.REVIEW
    claims = Claim.objects.filter(article=article).count()
    assert claims > 0
    assert tasks.extract_article_claims.apply(args=[article.pk]).get() is None
    assert article_extract_queued(article_id=article.pk) is None
    assert Claim.objects.filter(article=article).count() == claims
    assert AuditEvent.objects.filter(article=article, action="article_ingested").count() == 1


def test_a_refusal_found_later_is_recorded_with_nothing_queued(editor, settings):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    article = article_ingest(raw_text=NO_CLAIMS, user=editor, name="chatter.txt").article
    assert article.state == ArticleState.EXTRACTING
    article_extract_queued(article_id=article.pk)
    article.refresh_from_db()
    assert article.state == ArticleState.REFUSED and "chatter.txt: no check-worthy claims" in article.refusal
    assert article.claims.count() == 0 and not article_readiness(article).ready
    event = AuditEvent.objects.get(article=article, action="article_refused")
    assert (event.before, event.after) == ("extracting", "refused")
    with pytest.raises(ArticleNotReady):
        article_clear(article_id=article.pk, user=editor, override_reason="publish anyway")
    with pytest.raises(ClaimStateConflict):
        claim_add_missed(article_id=article.pk, editor=editor, start=0, end=5, suggested_status="supported", reason="x")
    with pytest.raises(DuplicateArticle, match="was refused"):
        article_ingest(raw_text=NO_CLAIMS, user=editor)


def test_a_non_english_large_article_goes_to_triage(editor, settings):
    from tests.services.test_triage import FRENCH

    settings.ARTICLE_ASYNC_MIN_BYTES = 100
    article = article_ingest(raw_text=FRENCH, user=editor).article
    article_extract_queued(article_id=article.pk)
    article.refresh_from_db()
    assert (article.state, article.language) == (ArticleState.TRIAGE, "fr")


def test_transient_errors_are_retried_and_the_last_marks_the_article_failed(
    editor, settings, sample_text, monkeypatch, caplog
):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    article = article_ingest(raw_text=sample_text, user=editor).article
    calls = []

    def unavailable(*, article_id: int) -> None:
        calls.append(article_id)
        raise OperationalError('the database went away: host "db.internal" (10.0.0.7)')

    monkeypatch.setattr(articles, "article_extract_queued", unavailable)
    with caplog.at_level("ERROR", logger="reviews.services.articles"):
        tasks.extract_article_claims.apply(args=[article.pk])
    assert len(calls) == tasks.extract_article_claims.max_retries + 1
    article.refresh_from_db()
    # Editors read the refusal: a fixed sentence, never the exception's text (a host, an address).
    assert (article.state, article.refusal) == (ArticleState.FAILED, articles.EXTRACTION_FAILURE)
    # Whoever runs the workers has all of it in the log, with the article's id.
    [record] = [r for r in caplog.records if f"article #{article.pk}" in r.getMessage()]
    assert record.exc_info and "db.internal" in str(record.exc_info[1])
    monkeypatch.undo()
    # Submitting the same text again queues it once more.
    with pytest.raises(DuplicateArticle, match="being extracted"):
        article_ingest(raw_text=sample_text, user=editor)
    article.refresh_from_db()
    assert article.state == ArticleState.EXTRACTING
    article_extract_queued(article_id=article.pk)
    article.refresh_from_db()
    assert article.state == ArticleState.REVIEW and article.claims.exists()


def test_a_large_correction_becomes_the_next_version_only_once_extracted(editor, settings, sample_text):
    first = article_ingest(raw_text=sample_text, user=editor, source_url="https://example.org/a").article
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    changed = sample_text.replace("Trump", "The president", 1)
    second = article_ingest(raw_text=changed, user=editor, source_url="https://example.org/a").article
    assert second.previous_version is None and second.version == 1
    article_extract_queued(article_id=second.pk)
    second.refresh_from_db()
    assert (second.previous_version_id, second.version) == (first.pk, 2)


def test_an_article_whose_message_was_lost_is_extracted_by_the_sweeper(
    editor, settings, sample_text, monkeypatch, django_capture_on_commit_callbacks
):
    """The broker was down when the article was stored: the beat sweeper sends it again, once it is overdue."""
    from datetime import timedelta

    from django.utils import timezone

    settings.ARTICLE_ASYNC_MIN_BYTES = 1000

    def broker_down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(tasks.extract_article_claims, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        article = article_ingest(raw_text=sample_text, user=editor).article
    assert Article.objects.get(pk=article.pk).state == ArticleState.EXTRACTING
    sent: list[int] = []

    def run_here(args, **kwargs):  # type: ignore[no-untyped-def]  # the worker's side, in this process
        sent.append(args[0])
        return tasks.extract_article_claims.apply(args=args)

    monkeypatch.setattr(tasks.extract_article_claims, "apply_async", run_here)
    # Not overdue yet: its message may simply be waiting in a busy queue.
    assert articles.article_extraction_requeue_stuck() == [] and sent == []
    overdue = timezone.now() - timedelta(seconds=settings.ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS + 1)
    Article.objects.filter(pk=article.pk).update(ingested_at=overdue)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stuck_extractions.apply().get() == [article.pk]
    assert sent == [article.pk]
    article.refresh_from_db()
    assert article.state == ArticleState.REVIEW and article.claims.exists()
    assert articles.article_extraction_requeue_stuck() == []
    assert settings.CELERY_BEAT_SCHEDULE["sweep-stuck-extractions"]["task"] == tasks.sweep_stuck_extractions.name


def test_a_bug_in_extraction_marks_the_article_failed_without_showing_the_error(
    editor, settings, sample_text, monkeypatch, caplog, client
):
    settings.ARTICLE_ASYNC_MIN_BYTES = 1000
    article = article_ingest(raw_text=sample_text, user=editor).article

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("cannot read /srv/newsroom/secrets.py: SELECT * FROM auth_user")

    monkeypatch.setattr(articles, "extract_article", broken)
    with caplog.at_level("ERROR", logger="reviews.services.articles"):
        assert article_extract_queued(article_id=article.pk) is None
    article.refresh_from_db()
    assert (article.state, article.refusal) == (ArticleState.FAILED, articles.EXTRACTION_FAILURE)
    assert any("secrets.py" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    client.force_login(editor)
    page = client.get(f"/editor/articles/{article.pk}/").content.decode()
    api = client.get(f"/api/v1/articles/{article.pk}/").content.decode()
    assert "an error on our side" in page
    assert all("secrets.py" not in text and "auth_user" not in text for text in (page, api))


def test_articles_failed_before_the_fix_no_longer_show_the_exceptions_text(editor):
    import importlib

    from django.apps import apps

    scrub = importlib.import_module("reviews.migrations.0037_article_extraction_failure_scrub")
    assert scrub.EXTRACTION_FAILURE == articles.EXTRACTION_FAILURE  # the migration's copy of the sentence
    leaked = ArticleFactory(state=ArticleState.FAILED, refusal='Extraction failed (OperationalError: host "db"); ...')
    refused = ArticleFactory(state=ArticleState.REFUSED, refusal="No check-worthy claims found in x.txt.")
    scrub.scrub(apps, None)
    assert Article.objects.get(pk=leaked.pk).refusal == articles.EXTRACTION_FAILURE
    assert Article.objects.get(pk=refused.pk).refusal == "No check-worthy claims found in x.txt."
