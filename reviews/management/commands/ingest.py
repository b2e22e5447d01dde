"""python manage.py ingest PATH... : ingest article files, one transaction each."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exceptions import DomainError, DuplicateArticle
from reviews.services.articles import article_ingest, article_text_from_upload


class Command(BaseCommand):
    help = "Ingest article text files: clean, extract claims and queue them for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--desk", default="", help="Desk or topic for every article.")
        parser.add_argument("--source-url", default="", help="Source URL (only with one PATH).")

    def handle(self, *args: object, **options: object) -> None:
        paths: list[Path] = options["paths"]  # type: ignore[assignment]
        failures = 0
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as error:
                self.stderr.write(f"{path}: cannot read ({error.strerror}).")
                failures += 1
                continue
            try:
                text = article_text_from_upload(data=data, name=str(path))
                result = article_ingest(
                    raw_text=text,
                    desk=str(options["desk"]),
                    source_url=str(options["source_url"]) if len(paths) == 1 else "",
                    name=str(path),
                    defer_large=False,  # the command line waits for the extraction, however large
                )
            except DuplicateArticle as error:
                self.stdout.write(f"{path}: already ingested (article #{error.article_id}); nothing created.")
                continue
            except DomainError as error:
                self.stderr.write(error.message)
                failures += 1
                continue
            if result.article.in_triage:
                self.stdout.write(
                    f"{path}: ingested as article #{result.article.pk} for triage: detected language "
                    f"{result.article.language!r}, and automatic extraction is English-only; an editor decides."
                )
                continue
            self.stdout.write(
                f"{path}: ingested as article #{result.article.pk} with {result.claim_count} claims queued."
            )
        if failures:
            raise CommandError(f"{failures} of {len(paths)} file(s) could not be ingested.")
