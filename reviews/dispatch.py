"""Enqueue Celery tasks by name: the one place services hand work to the task queue.

Services never import ``reviews.tasks`` (the tasks import the services), so there is no import
cycle. Looking the task up in the app's registry keeps routing (``CELERY_TASK_ROUTES``) and eager
mode working; every send is one ``apply_async`` call (``task.delay`` is a shortcut for it), so a test
double replaces ``apply_async`` of the task.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from celery import current_app
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args: Any, **options: Any) -> None:
    """Send ``task_name`` now; ``options`` go to ``apply_async`` (retry policy, countdown...)."""
    current_app.tasks[task_name].apply_async(args, **options)


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Send ``task_name`` once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task_name, *args))


def requeue_stuck(
    pending: models.QuerySet[Any],
    *,
    since: str,
    send: Callable[[int], None],
    what: str,
    limit: int = 200,
) -> list[int]:
    """Send again the rows of ``pending`` whose ``since`` time is older than ``ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS``.

    ``pending`` is the rows still waiting for their task (an article ``extracting``, a page fetch
    ``pending``); past the cutoff their message was lost (the broker was down, the queue was purged).
    The oldest first, at most ``limit`` a run; ``send(pk)`` queues one again (the tasks are idempotent,
    so a message that was merely slow costs one extra no-op run). The ids sent, logged as ``what``.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.ARTICLE_EXTRACTION_STUCK_AFTER_SECONDS)
    stuck = list(pending.filter(**{f"{since}__lt": cutoff}).order_by(since, "pk").values_list("pk", flat=True)[:limit])
    for pk in stuck:
        send(pk)
    if stuck:
        logger.warning("re-sent %d stuck %s: %s", len(stuck), what, stuck)
    return stuck
