"""python manage.py ingest PATH... [--url URL]... : ingest article files, saved web pages and pages by URL.

One transaction each. A file ending in .html, .htm or .xhtml (or any file with ``--html``) is a saved
web page: its main text and metadata are extracted first (``reviews/services/webpages.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exceptions import DomainError, DuplicateArticle
from reviews.services.articles import IngestResult, article_ingest, article_text_from_upload
from reviews.services.webpages import article_ingest_page, article_ingest_url

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


class Command(BaseCommand):
    help = (
        "Ingest article text files, saved web pages (.html) and pages fetched by URL: extract the main "
        "text, clean it, extract claims and queue them for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--desk", default="", help="Desk or topic for every article.")
        parser.add_argument("--source-url", default="", help="Source URL (only with one PATH).")
        parser.add_argument("--html", action="store_true", help="Read every PATH as a saved web page.")
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            metavar="URL",
            help="Fetch the page at URL and ingest it (public HTTPS addresses only; repeatable).",
        )

    def handle(self, *args: object, **options: object) -> None:
        paths: list[Path] = options["paths"]  # type: ignore[assignment]  # argparse options are untyped; nargs=* with type=Path gives paths
        urls: list[str] = options["url"]  # type: ignore[assignment]  # argparse options are untyped; --url appends strings
        if not paths and not urls:
            raise CommandError("Give at least one PATH or --url URL.")
        desk = str(options["desk"])
        failures = 0
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as error:
                self.stderr.write(f"{path}: cannot read ({error.strerror}).")
                failures += 1
                continue
            source_url = str(options["source_url"]) if len(paths) == 1 and not urls else ""
            as_page = bool(options["html"]) or path.suffix.lower() in PAGE_SUFFIXES
            failures += not self._ingest(
                str(path),
                partial(self._from_file, data=data, name=str(path), desk=desk, source_url=source_url, page=as_page),
            )
        for url in urls:
            failures += not self._ingest(url, partial(article_ingest_url, url=url, desk=desk, defer_large=False))
        if failures:
            raise CommandError(f"{failures} of {len(paths) + len(urls)} input(s) could not be ingested.")

    @staticmethod
    def _from_file(*, data: bytes, name: str, desk: str, source_url: str, page: bool) -> IngestResult:
        if page:
            return article_ingest_page(data=data, desk=desk, source_url=source_url, name=name, defer_large=False)
        return article_ingest(
            raw_text=article_text_from_upload(data=data, name=name),
            desk=desk,
            source_url=source_url,
            name=name,
            defer_large=False,  # the command line waits for the extraction, however large
        )

    def _ingest(self, label: str, ingest: Callable[[], IngestResult]) -> bool:
        try:
            result = ingest()
        except DuplicateArticle as error:
            self.stdout.write(f"{label}: already ingested (article #{error.article_id}); nothing created.")
            return True
        except DomainError as error:
            self.stderr.write(error.message)
            return False
        article = result.article
        if article.in_triage:
            self.stdout.write(
                f"{label}: ingested as article #{article.pk} for triage: detected language "
                f"{article.language!r}, and automatic extraction is English-only; an editor decides."
            )
            return True
        details = ""
        if article.origin != "text":
            stated = [
                f"by {article.byline}" if article.byline else "",
                f"published {article.published_on:%Y-%m-%d}" if article.published_on else "",
            ]
            details = f" ({article.title!r}{''.join(', ' + s for s in stated if s)})"
        self.stdout.write(
            f"{label}: ingested as article #{article.pk}{details} with {result.claim_count} claims queued."
        )
        return True
