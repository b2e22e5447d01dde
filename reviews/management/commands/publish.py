"""python manage.py publish (--article ID | --claim ID [--summary TEXT] | --unpublish --claim ID [--reason TEXT])

Publishes fact-checks exactly like the editor pages and the API (same service), and prints each public
URL (on ``NEWSROOM_URL``). Exit status: 0 done, 1 refused (nothing final, not published), 2 bad arguments.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exceptions import DomainError
from reviews.models import Article, Claim
from reviews.selectors.publications import public_url
from reviews.services.publications import article_publish, claim_publish, claim_unpublish


class Command(BaseCommand):
    help = "Publish the reviews of an article's final claims, or of one claim; or unpublish one."

    def add_arguments(self, parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--article", type=int, help="Publish every final claim of this article.")
        target.add_argument("--claim", type=int, help="Publish (or with --unpublish, take down) this claim's review.")
        parser.add_argument("--summary", help="The public summary (default: the prefilled one).")
        parser.add_argument("--unpublish", action="store_true", help="Take the claim's public page down (410).")
        parser.add_argument("--reason", default="", help="Why it is unpublished (kept in the audit trail).")
        parser.add_argument("--as", dest="username", help="The editor recorded in the audit trail.")

    def handle(self, *args: object, **options: object) -> None:
        editor = None
        if options["username"]:
            editor = get_user_model().objects.filter(username=options["username"]).first()
            if editor is None:
                raise CommandError(f"There is no user {options['username']!r}.", returncode=2)
        article_id, claim_id = options["article"], options["claim"]
        if options["unpublish"] and claim_id is None:
            raise CommandError("--unpublish takes --claim ID.", returncode=2)
        if options["summary"] and claim_id is None:
            raise CommandError(
                "--summary takes --claim ID (an article publishes each claim's prefilled summary).", returncode=2
            )
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"There is no article #{article_id}.", returncode=2)
        if claim_id is not None and not Claim.objects.filter(pk=claim_id).exists():
            raise CommandError(f"There is no claim #{claim_id}.", returncode=2)
        try:
            if options["unpublish"]:
                publication = claim_unpublish(claim_id=int(claim_id), editor=editor, reason=str(options["reason"]))  # type: ignore[arg-type]  # the command's user is loaded by username; argparse options are untyped
                self.stdout.write(f"Unpublished claim #{claim_id}: {public_url(publication.key)} now answers 410.")
                return
            if article_id is not None:
                publications = article_publish(article_id=int(article_id), editor=editor)  # type: ignore[arg-type]  # the command's user is loaded by username; argparse options are untyped
            else:
                summary = options["summary"]
                publications = [
                    claim_publish(claim_id=int(claim_id), editor=editor, summary=str(summary) if summary else None)  # type: ignore[arg-type]  # the command's user is loaded by username; argparse options are untyped
                ]
        except DomainError as error:
            raise CommandError(error.message, returncode=1) from None
        for publication in publications:
            self.stdout.write(f"claim #{publication.claim_id}: {public_url(publication.key)}")
