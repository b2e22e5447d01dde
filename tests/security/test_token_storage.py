"""API keys are stored only as digests: what the database, the admin, the pages and the API keep or show
afterwards cannot be sent back as a credential. Keys issued before (DRF's plain-text table) keep working."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.models import ApiToken, AuditEvent
from reviews.services import tokens
from reviews.services.tokens import token_digest, token_for_key, token_issue, token_rotate, tokens_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reviews.migrations.0038_api_token_digest")


def api_with(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def tables_containing(text: str) -> list[str]:
    """Every table with a row that holds ``text`` in any column (as the database gives it back)."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the database's own catalogue
            if any(text in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    return found


def refusal(key: str) -> tuple[int, str]:
    response = api_with(key).get(reverse("queue-held"))
    return response.status_code, response.json()["error"]["code"]


# --- what is stored ------------------------------------------------------------------------------------


def test_no_column_of_any_table_holds_a_key_however_it_was_issued(client, reviewer, editor):
    exchanged = APIClient().post(reverse("api-token"), {"username": "rita", "password": "correct-horse-battery"})
    keys = [exchanged.json()["token"]]
    client.force_login(editor)
    keys.append(client.post(reverse("account-token-rotate"), follow=True).context["new_key"])
    api = APIClient()
    api.force_authenticate(UserFactory(username="sam", roles=["reviewer"]))
    keys.append(api.post(reverse("api-token-rotate")).json()["token"])
    assert ApiToken.objects.count() == 3
    for key in keys:
        assert api_with(key).get(reverse("api-token-show")).status_code == 200  # each key works...
        assert tables_containing(key) == []  # ...and is nowhere in the database
        assert tables_containing(token_digest(key)) == ["reviews_apitoken"]  # its digest is, once


def test_between_the_post_and_the_page_the_key_waits_outside_the_database(client, editor):
    """The account page's POST/redirect/GET: the key waits for its GET in the cache, the session holding
    only a handle to it, so no table (sessions decoded) ever holds it, even if the GET never comes."""
    client.force_login(editor)
    made = client.post(reverse("account-token-rotate"))
    assert made.status_code == 303
    quote = connection.ops.quote_name
    stored = [str(session.get_decoded()) for session in Session.objects.all()]  # base64 in the table
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the database's own catalogue
            stored.extend(str(value) for row in cursor.fetchall() for value in row)
    key = client.get(reverse("account-token")).context["new_key"]
    assert token_for_key(key).user == editor
    assert not any(key in text for text in stored)


def test_the_stored_token_is_a_digest_a_prefix_and_a_time(reviewer):
    before = timezone.now()
    issued = token_issue(user=reviewer, reason="Test.")
    token = ApiToken.objects.get(user=reviewer)
    assert token.digest == token_digest(issued.key) and len(token.digest) == 64
    assert token.prefix == issued.key[: tokens.PREFIX_LENGTH] and len(token.prefix) == 8
    assert before <= token.created <= timezone.now()
    assert len(issued.key) >= 40  # 32 random bytes, URL-safe base64
    assert issued.key not in repr(issued) and issued.key not in str(token)


def test_the_database_refuses_a_key_stored_where_the_digest_belongs(reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(user=reviewer, digest="a-plain-key-0123456789", prefix="a-plain-")


def test_issuing_replaces_the_users_one_token(reviewer):
    first = token_issue(user=reviewer, reason="Test.")
    second = token_issue(user=reviewer, reason="Test.")
    assert ApiToken.objects.filter(user=reviewer).count() == 1
    assert token_for_key(first.key) is None and token_for_key(second.key) is not None
    assert second.replaced and not first.replaced


# --- what is accepted and what is refused --------------------------------------------------------------


def test_only_the_current_key_itself_authenticates(reviewer):
    issued = token_issue(user=reviewer, reason="Test.")
    assert api_with(issued.key).get(reverse("queue-held")).status_code == 200
    assert refusal(issued.key[:-1] + ("A" if issued.key[-1] != "A" else "B")) == (401, "authentication_failed")
    assert refusal(issued.token.digest) == (401, "authentication_failed")  # the stored digest is no credential
    assert refusal(issued.token.prefix) == (401, "authentication_failed")
    rotated = token_rotate(user=reviewer)
    assert refusal(issued.key) == (401, "authentication_failed")
    assert api_with(rotated.key).get(reverse("queue-held")).status_code == 200
    ApiToken.objects.filter(user=reviewer).update(created=timezone.now() - timedelta(days=31))
    assert refusal(rotated.key) == (401, "token_expired")
    fresh = token_issue(user=reviewer, reason="Test.")
    tokens_revoke(user=reviewer, reason="Test.")
    assert refusal(fresh.key) == (401, "authentication_failed")


def test_an_inactive_users_key_is_refused_even_if_a_row_survived(reviewer):
    issued = token_issue(user=reviewer, reason="Test.")
    type(reviewer).objects.filter(pk=reviewer.pk).update(is_active=False)  # no save(): the revoking hook does not run
    assert refusal(issued.key) == (401, "authentication_failed")


# --- the admin -----------------------------------------------------------------------------------------


def test_the_admin_shows_owner_prefix_and_times_never_the_key_or_digest(client, admin_user, reviewer):
    issued = token_issue(user=reviewer, reason="Test.")
    client.force_login(admin_user)
    listing = client.get(reverse("admin:reviews_apitoken_changelist"))
    detail = client.get(reverse("admin:reviews_apitoken_change", args=[issued.token.pk]))
    for page in (listing, detail):
        assert page.status_code == 200
        assert b"rita" in page.content and issued.token.prefix.encode() in page.content
        assert issued.key.encode() not in page.content and issued.token.digest.encode() not in page.content
    assert client.get(reverse("admin:reviews_apitoken_add")).status_code == 403  # its key would go to the admin
    client.post(reverse("admin:reviews_apitoken_delete", args=[issued.token.pk]), {"post": "yes"})
    assert tables_containing(issued.key) == []  # the admin's history names it by prefix


def test_editors_do_not_see_tokens_in_the_admin(client, editor, reviewer):
    token = token_issue(user=reviewer, reason="Test.").token
    client.force_login(editor)
    assert client.get(reverse("admin:reviews_apitoken_changelist")).status_code == 403
    assert client.get(reverse("admin:reviews_apitoken_change", args=[token.pk])).status_code == 403


# --- the upgrade: plain-text keys become digests -------------------------------------------------------


LEGACY_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # DRF's format: 40 hex characters


def make_legacy_table(user_id: int, created: object) -> None:
    """``authtoken_token`` as DRF's migrations left it, with one plain-text key."""
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, '
            '"created" timestamp with time zone NOT NULL, "user_id" integer NOT NULL UNIQUE)'
        )
        cursor.execute(
            'INSERT INTO "authtoken_token" ("key", "created", "user_id") VALUES (%s, %s, %s)',
            [
                LEGACY_KEY,
                created,
                user_id,
            ],
        )


def test_the_migration_hashes_plain_text_keys_which_keep_working_until_their_old_expiry(reviewer, admin_user):
    created = timezone.now() - timedelta(days=10)
    make_legacy_table(reviewer.pk, created)
    legacy_type = ContentType.objects.get_or_create(app_label="authtoken", model="tokenproxy")[0]
    logged = LogEntry.objects.create(
        user=admin_user,
        content_type=legacy_type,
        object_id=str(reviewer.pk),
        object_repr=LEGACY_KEY,  # DRF's Token.__str__ is its key
        action_flag=ADDITION,
    )
    MigrationRecorder.Migration.objects.create(app="authtoken", name="0004_alter_tokenproxy_options")
    assert set(tables_containing(LEGACY_KEY)) == {"authtoken_token", "django_admin_log"}

    with connection.schema_editor() as schema_editor:
        migration.hash_legacy_tokens(apps, schema_editor)

    assert "authtoken_token" not in connection.introspection.table_names()
    assert tables_containing(LEGACY_KEY) == []
    token = ApiToken.objects.get(user=reviewer)
    assert (token.digest, token.prefix, token.created) == (token_digest(LEGACY_KEY), LEGACY_KEY[:8], created)
    assert api_with(LEGACY_KEY).get(reverse("queue-held")).status_code == 200  # the same header still works
    logged.refresh_from_db()
    assert (logged.object_repr, logged.object_id) == (migration.SCRUBBED_REPR, str(reviewer.pk))
    assert not MigrationRecorder.Migration.objects.filter(app="authtoken").exists()
    assert not AuditEvent.objects.exists()  # an upgrade, not an issue: nothing to audit
    ApiToken.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=30.01))
    assert refusal(LEGACY_KEY) == (401, "token_expired")  # the lifetime still counts from the old creation


def test_the_migration_has_nothing_to_do_on_a_database_made_after_it(reviewer):
    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.schema_editor() as schema_editor:
        migration.hash_legacy_tokens(apps, schema_editor)
    assert not ApiToken.objects.exists()


def test_the_migrations_copy_of_the_digest_rules_matches_the_service():
    assert migration.token_digest("some key") == token_digest("some key")
    assert migration.PREFIX_LENGTH == tokens.PREFIX_LENGTH
