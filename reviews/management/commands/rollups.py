"""python manage.py rollups [--repair] [--fold] : check the dashboard's rollups against a full recount.

Check mode (the default) prints every key where the rollups (tally rows plus the deltas not yet
folded, and the review pair rows) differ from a recount of the claims and reviews, and exits 1 when
it found any. ``--repair`` then reinstalls the triggers for the configured time zone and recounts
(writers wait for the recount) and checks again. ``--fold`` folds the deltas first (what the beat
task does every minute). On SQLite there are no rollups: nothing to check.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reviews.services.rollups import rollups_differences, rollups_enabled, rollups_fold, rollups_repair

SHOWN = 50


class Command(BaseCommand):
    help = "Check the dashboard's rollups against a full recount (exit 1 on differences); --repair rebuilds them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="Recount and rebuild the rollups when they differ.")
        parser.add_argument("--fold", action="store_true", help="Fold the pending deltas into the tallies first.")

    def handle(self, *args: object, **options: Any) -> None:
        if not rollups_enabled():
            self.stdout.write("No rollups on this database (SQLite): the dashboard counts the rows.")
            return
        if options["fold"]:
            self.stdout.write(f"folded: {rollups_fold()}")
        found = rollups_differences()
        for difference in found[:SHOWN]:
            self.stdout.write(
                f"{difference.rollup} {difference.key}: kept {difference.kept}, recounted {difference.recounted}"
            )
        if len(found) > SHOWN:
            self.stdout.write(f"... and {len(found) - SHOWN} more")
        if not found:
            self.stdout.write("The rollups equal a full recount.")
            return
        self.stdout.write(f"{len(found)} differences.")
        if not options["repair"]:
            sys.exit(1)
        rollups_repair()
        left = rollups_differences()
        if left:
            self.stderr.write(f"Still {len(left)} differences after the repair.")
            sys.exit(2)
        self.stdout.write("Repaired: the rollups equal a full recount.")
