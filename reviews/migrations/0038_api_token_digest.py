"""API tokens are stored as the SHA-256 of their key (``reviews.ApiToken``), no longer as the key itself
(DRF's ``authtoken_token``, whose app is no longer installed).

Every existing key keeps working: ``hash_legacy_tokens`` copies each row of ``authtoken_token`` as its
digest, its first characters and its creation time (so its expiry does not move), then drops that table
and forgets DRF's ``authtoken`` migrations (put the app back and ``migrate`` would make its table anew,
empty). The admin's history named DRF tokens by their key (``object_repr``, and ``object_id`` for the
non-proxy model): those are blanked too. A database made after this has no ``authtoken_token`` and
nothing to copy.

Going back cannot restore the keys (only digests exist): it drops the tokens, and their owners make new
ones. The digest and prefix rules are copied here from ``reviews/services/tokens.py`` (a migration does
not import the services); tests check the two agree.
"""

import hashlib
from datetime import UTC

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.dateparse import parse_datetime

LEGACY_TABLE = "authtoken_token"
LEGACY_APP = "authtoken"
PREFIX_LENGTH = 8
SCRUBBED_REPR = "API token (key removed)"


def token_digest(key):
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _legacy_rows(connection):
    with connection.cursor() as cursor:
        cursor.execute('SELECT "key", "user_id", "created" FROM "authtoken_token"')  # PostgreSQL and SQLite quoting
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        if isinstance(created, str):  # SQLite without a converter for the column's type
            created = parse_datetime(created)
        if timezone.is_naive(created):  # SQLite stores UTC without an offset
            created = timezone.make_aware(created, UTC)
        yield key, user_id, created


def _scrub_admin_history(apps, keys):
    """The admin's log named DRF tokens by their key: blank it, for the dead keys as well as the live."""
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    legacy_types = list(ContentType.objects.filter(app_label=LEGACY_APP).values_list("pk", "model"))
    LogEntry.objects.filter(content_type_id__in=[pk for pk, _ in legacy_types]).update(object_repr=SCRUBBED_REPR)
    # DRF's Token has its key as primary key (its admin proxy uses the user's id, which can stay).
    LogEntry.objects.filter(content_type_id__in=[pk for pk, model in legacy_types if model == "token"]).update(
        object_id=None
    )
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        LogEntry.objects.filter(object_repr__in=batch).update(object_repr=SCRUBBED_REPR)
        LogEntry.objects.filter(object_id__in=batch).update(object_id=None)


def hash_legacy_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("reviews", "ApiToken")
    rows = list(_legacy_rows(connection))
    ApiToken.objects.bulk_create(
        [
            ApiToken(user_id=user_id, digest=token_digest(key), prefix=key[:PREFIX_LENGTH], created=created)
            for key, user_id, created in rows
        ],
        batch_size=500,
        ignore_conflicts=True,  # a user who already has a new-style token keeps it
    )
    _scrub_admin_history(apps, [key for key, _, _ in rows])
    schema_editor.execute('DROP TABLE "authtoken_token"')
    MigrationRecorder(connection).migration_qs.filter(app=LEGACY_APP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0037_article_extraction_failure_scrub"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "digest",
                    models.CharField(
                        editable=False, help_text="SHA-256 of the key, in hex.", max_length=64, unique=True
                    ),
                ),
                (
                    "prefix",
                    models.CharField(editable=False, help_text="The key's first characters, not secret.", max_length=8),
                ),
                ("created", models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_token",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("digest__regex", "^[0-9a-f]{64}$")), name="apitoken_digest_is_sha256_hex"
                    )
                ],
            },
        ),
        migrations.RunPython(hash_legacy_tokens, migrations.RunPython.noop, elidable=False),
    ]
