"""python manage.py worker_check [--hostname NAME] [--queue KIND ...] [--timeout S]

Health check for Celery workers, through Celery's remote inspection (``inspect active_queues``): exit 0
when the named worker (or, without --hostname, any worker) answers and consumes every queue kind asked
for (default, matching, reports; prefixed by CELERY_QUEUE_PREFIX), 1 otherwise, with the reason on
stderr. Needs a broker with broadcast (Redis); the filesystem broker of the embedded default has none.

    python manage.py worker_check --hostname matching@$(hostname) --queue matching
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Exit 0 when a Celery worker answers and consumes the given queue kinds (Celery inspect)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hostname", help="The worker's node name (celery -n), e.g. matching@web-3.")
        parser.add_argument(
            "--queue",
            action="append",
            default=[],
            choices=list(settings.QUEUE_KINDS),
            help="A queue kind the worker must consume (repeat for several; default: none required).",
        )
        parser.add_argument("--timeout", type=float, default=5.0, help="Seconds to wait for replies (default 5).")

    def handle(self, *args: Any, **options: Any) -> None:
        from newsroom.celery import app

        hostname = options["hostname"]
        destination = [str(hostname)] if hostname else None
        try:
            replies = app.control.inspect(destination=destination, timeout=float(options["timeout"])).active_queues()
        except Exception as error:  # the operator gets a sentence and exit 1
            raise CommandError(f"Could not inspect the workers ({error.__class__.__name__}: {error}).") from None
        if not replies:
            who = f"Worker {hostname} did not answer" if hostname else "No worker answered"
            raise CommandError(f"{who} within {options['timeout']} s.")
        consumed = {node: sorted(queue["name"] for queue in queues) for node, queues in replies.items()}
        wanted = {settings.NEWSROOM_QUEUES[kind] for kind in options["queue"]}
        healthy = [node for node, names in consumed.items() if wanted <= set(names)]
        if not healthy:
            missing = sorted(wanted - set().union(*map(set, consumed.values())))
            raise CommandError(f"No answering worker consumes {', '.join(sorted(wanted))} (missing: {missing}).")
        self.stdout.write(json.dumps({"healthy": sorted(healthy), "queues": consumed}, sort_keys=True))
