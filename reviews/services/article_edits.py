"""An editor changes an article's title, desk or source URL: validated, audited with before and after."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from reviews.exceptions import InvalidInput, NotAllowed, NotFound
from reviews.models import Article, AuditAction
from reviews.roles import is_editor
from reviews.services.audit import audit_record, audit_values

if TYPE_CHECKING:
    from django.contrib.auth.models import User

METADATA_FIELDS = ("title", "desk", "source_url")
_check_url = URLValidator(schemes=["http", "https"])


def _clean(*, title: str | None, desk: str | None, source_url: str | None) -> dict[str, str]:
    wanted: dict[str, str] = {}
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise InvalidInput("The title cannot be empty.")
        if len(title) > 500:
            raise InvalidInput("The title is at most 500 characters.")
        wanted["title"] = title
    if desk is not None:
        desk = desk.strip()
        if len(desk) > 100:
            raise InvalidInput("The desk is at most 100 characters.")
        wanted["desk"] = desk
    if source_url is not None:
        source_url = source_url.strip()
        if source_url:
            if len(source_url) > 1000:
                raise InvalidInput("The source URL is at most 1000 characters.")
            try:
                _check_url(source_url)
            except ValidationError:
                raise InvalidInput("Enter a valid http(s) source URL, or leave it empty.") from None
        wanted["source_url"] = source_url
    return wanted


def article_update_metadata(
    *,
    article_id: int,
    editor: User,
    title: str | None = None,
    desk: str | None = None,
    source_url: str | None = None,
    reason: str = "",
) -> Article:
    """Change an article's title, desk and/or source URL (``None`` leaves a field alone).

    One audit event lists the fields that changed, their values before and after, in full.
    Nothing changed: nothing is written.
    """
    if not is_editor(editor):
        raise NotAllowed("Only editors change an article's title, desk or source URL.")
    wanted = _clean(title=title, desk=desk, source_url=source_url)
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFound("No such article.")
        before: dict[str, object] = {
            name: getattr(article, name) for name in wanted if getattr(article, name) != wanted[name]
        }
        if not before:
            return article
        after: dict[str, object] = {name: wanted[name] for name in before}
        for name, value in after.items():
            setattr(article, name, value)
        article.save(update_fields=list(after))
        audit_record(
            action=AuditAction.ARTICLE_METADATA_CHANGED,
            actor=editor,
            article=article,
            before=audit_values(before),
            after=audit_values(after),
            reason=reason.strip(),
            data={"fields": sorted(after)},
        )
    return article


def article_admin_save(
    *,
    article_id: int,
    editor: User,
    changes: dict[str, object],
    reason: str = "changed in the admin",
) -> Article:
    """The Django admin's save of an article: every editable field goes through an audited service."""
    from reviews.services.adjudication import article_set_review_settings

    unknown = set(changes) - {*METADATA_FIELDS, "priority", "deadline", "required_reviews"}
    if unknown:
        raise InvalidInput(f"These fields are not edited here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        metadata = {name: changes[name] for name in METADATA_FIELDS if name in changes}
        article = article_update_metadata(article_id=article_id, editor=editor, reason=reason, **metadata)  # type: ignore[arg-type]  # the edited fields are dict[str, object]; each service checks its own values
        settings: dict[str, object] = {
            name: changes[name] for name in ("priority", "required_reviews") if changes.get(name) is not None
        }
        if "deadline" in changes:
            deadline = changes["deadline"]
            assert deadline is None or isinstance(deadline, datetime)
            settings["deadline"] = deadline
        if settings:
            article = article_set_review_settings(article_id=article_id, editor=editor, reason=reason, **settings)  # type: ignore[arg-type]  # the review settings are dict[str, object]; the service checks each value
    return article
