"""Services hand work to Celery through ``reviews.dispatch`` only: no import cycle with ``reviews.tasks``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction

from reviews import dispatch
from tests.conftest import REPO

LAYERS = ("reviews/services", "reviews/selectors", "reviews/extraction", "reviews/exports")


@pytest.mark.parametrize("layer", LAYERS)
def test_no_domain_module_imports_the_tasks(layer):
    offenders = []
    for path in sorted(Path(REPO, layer).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reviews.tasks"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "reviews" and any(
                alias.name == "tasks" for alias in node.names
            ):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
            if isinstance(node, ast.Import) and any(alias.name.startswith("reviews.tasks") for alias in node.names):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == [], "enqueue through reviews.dispatch instead"


def test_enqueue_on_commit_sends_the_named_task_after_commit(monkeypatch, db, django_capture_on_commit_callbacks):
    from reviews.tasks import email_notification

    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(email_notification, "apply_async", lambda args, **options: sent.append(tuple(args)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        dispatch.enqueue_on_commit("reviews.email_notification", 41)
        assert sent == []
    assert len(callbacks) == 1
    assert sent == [(41,)]


def test_an_unknown_task_name_is_an_error():
    with pytest.raises(KeyError):
        dispatch.enqueue("reviews.no_such_task", 1)


def test_requeue_stuck_sends_only_the_overdue_rows_oldest_first_up_to_the_limit(db, settings, caplog):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import Article, ArticleState
    from tests.factories import ArticleFactory

    settings.ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS = 600
    now = timezone.now()
    ages = {"fresh": 5, "oldest": 30, "middle": 20, "newest_overdue": 11, "done": 40}
    rows = {name: ArticleFactory(state=ArticleState.EXTRACTING) for name in ages}
    for name, minutes in ages.items():
        Article.objects.filter(pk=rows[name].pk).update(ingested_at=now - timedelta(minutes=minutes))
    Article.objects.filter(pk=rows["done"].pk).update(state=ArticleState.REVIEW)
    sent: list[int] = []
    pending = Article.objects.filter(state=ArticleState.EXTRACTING)

    with caplog.at_level("WARNING", logger="reviews.dispatch"):
        got = dispatch.requeue_stuck(pending, since="ingested_at", send=sent.append, what="thing(s)", limit=2)
    assert got == sent == [rows["oldest"].pk, rows["middle"].pk]
    assert f"re-sent 2 stuck thing(s): {got}" in caplog.text

    everything = dispatch.requeue_stuck(pending, since="ingested_at", send=lambda pk: None, what="thing(s)")
    assert everything == [rows["oldest"].pk, rows["middle"].pk, rows["newest_overdue"].pk]


def test_requeue_stuck_sends_and_logs_nothing_when_nothing_is_overdue(db, caplog):
    from reviews.models import Article, ArticleState
    from tests.factories import ArticleFactory

    ArticleFactory(state=ArticleState.EXTRACTING)
    sent: list[int] = []
    with caplog.at_level("WARNING", logger="reviews.dispatch"):
        pending = Article.objects.filter(state=ArticleState.EXTRACTING)
        assert dispatch.requeue_stuck(pending, since="ingested_at", send=sent.append, what="thing(s)") == []
    assert sent == [] and caplog.text == ""
