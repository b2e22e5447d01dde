"""Enqueue Celery tasks by name: the one place services hand work to the task queue.

Services never import ``reviews.tasks`` (the tasks import the services), so there is no import
cycle. Looking the task up in the app's registry keeps routing (``CELERY_TASK_ROUTES``) and eager
mode working; every send is one ``apply_async`` call (``task.delay`` is a shortcut for it), so a test
double replaces ``apply_async`` of the task.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction


def enqueue(task_name: str, *args: Any, **options: Any) -> None:
    """Send ``task_name`` now; ``options`` go to ``apply_async`` (retry policy, countdown...)."""
    current_app.tasks[task_name].apply_async(args, **options)


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Send ``task_name`` once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task_name, *args))
