"""python manage.py extract PATH... --format json : claims per file, without touching the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exceptions import InvalidArticle
from reviews.extraction.input import decode_article_bytes
from reviews.extraction.pipeline import extract_article, to_json_rows


class Command(BaseCommand):
    help = "Print the check-worthy claims of article files as JSON (PATH -> list of claims)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: object, **options: object) -> None:
        output: dict[str, list[dict[str, object]]] = {}
        for name in options["paths"]:  # type: ignore[attr-defined]
            try:
                data = Path(name).read_bytes()
            except OSError as error:
                raise CommandError(f"{name}: cannot read ({error.strerror}).") from None
            try:
                text = decode_article_bytes(data, max_bytes=settings.ARTICLE_MAX_BYTES, name=name)
            except InvalidArticle as error:
                raise CommandError(error.message) from None
            output[name] = to_json_rows(extract_article(text))
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
