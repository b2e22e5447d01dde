"""python manage.py seed_demo : demo users (one per role) and the sample article, idempotently."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from reviews.exceptions import DuplicateArticle
from reviews.models import Desk
from reviews.roles import ADMIN, EDITOR, REVIEWER
from reviews.services.articles import article_ingest, article_text_from_upload, desk_save

DEMO_USERS = (
    # username, password, role
    ("reviewer", "review-demo-2026", REVIEWER),
    ("reviewer2", "review-demo-2026", REVIEWER),
    ("editor", "edit-demo-2026", EDITOR),
    ("admin", "admin-demo-2026", ADMIN),
)


class Command(BaseCommand):
    help = "Create demo users (reviewer, editor, admin) and ingest the sample article. Safe to rerun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", type=Path, default=Path(settings.BASE_DIR) / "samples" / "diplomatic-shift.txt")

    def handle(self, *args: object, **options: object) -> None:
        user_model = get_user_model()
        for username, password, role in DEMO_USERS:
            user, created = user_model.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
            user.is_staff = role in (EDITOR, ADMIN)
            user.is_superuser = role == ADMIN
            user.save()
            user.groups.add(Group.objects.get(name=role))
        sample: Path = options["sample"]  # type: ignore[assignment]  # argparse options are untyped; --sample has type=Path
        editor = user_model.objects.get(username="editor")
        # Two reviews per claim on the demo's desk: disagreement and adjudication show from the first minutes.
        if not Desk.objects.filter(name="World").exists():
            desk_save(editor=editor, name="World", default_required_reviews=2)
        try:
            result = article_ingest(
                raw_text=article_text_from_upload(data=sample.read_bytes(), name=sample.name),
                user=editor,
                desk="World",
                name=sample.name,
            )
            self.stdout.write(f"Ingested {sample.name}: {result.claim_count} claims queued for review.")
        except DuplicateArticle as error:
            self.stdout.write(f"{sample.name} is already ingested (article #{error.article_id}).")
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/accounts/login/):")
        for username, password, role in DEMO_USERS:
            self.stdout.write(f"  {role:<9} {username:<10} password: {password}")
