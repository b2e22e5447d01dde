"""List articles stored twice with the same text (up to line endings, BOM, NFC, trailing whitespace)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count, Q

from reviews.models import Article, ClaimStatus
from reviews.services.duplicates import article_duplicates


class Command(BaseCommand):
    help = (
        "List pairs of stored articles whose texts are the same once normalised (for example a CRLF paste and an "
        "LF upload ingested before the hash was normalised). The first of each pair holds the content hash; the "
        "second kept its old one. Nothing is changed: an editor decides which one stands."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the pairs as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        pairs = article_duplicates()
        ids = {pk for pair in pairs for pk in (pair.kept_id, pair.duplicate_id)}
        articles = {
            row["id"]: row
            for row in Article.objects.filter(pk__in=ids)
            .annotate(
                claims_total=Count("claims", distinct=True),
                claims_pending=Count("claims", filter=Q(claims__status=ClaimStatus.PENDING), distinct=True),
            )
            .values("id", "title", "ingested_at", "source_url", "cleared_at", "claims_total", "claims_pending")
        }

        def describe(pk: int) -> dict[str, object]:
            row = articles[pk]
            return {
                "id": pk,
                "title": row["title"],
                "ingested_at": row["ingested_at"].isoformat(),
                "source_url": row["source_url"],
                "claims": row["claims_total"],
                "pending": row["claims_pending"],
                "cleared": row["cleared_at"] is not None,
            }

        listed = [{"kept": describe(p.kept_id), "duplicate": describe(p.duplicate_id)} for p in pairs]
        if options["json"]:
            self.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2))
            return
        if not listed:
            self.stdout.write("No duplicate articles.")
            return
        self.stdout.write(f"{len(listed)} pair(s) of articles with the same text:")
        for pair in listed:
            kept, duplicate = pair["kept"], pair["duplicate"]
            self.stdout.write(
                f"  article #{kept['id']} ({kept['title']!r}, {kept['claims']} claims, {kept['pending']} pending) "
                f"and article #{duplicate['id']} ({duplicate['title']!r}, ingested {duplicate['ingested_at']}, "
                f"{duplicate['claims']} claims, {duplicate['pending']} pending)"
            )
