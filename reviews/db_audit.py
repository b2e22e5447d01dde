"""The database's own guard on the audit trail (PostgreSQL): UPDATE and DELETE of audit rows are refused.

Installed by the audit_append_only migration with plain SQL rather than django-pgtrigger: pgtrigger's triggers
honour a session variable (``pgtrigger.ignore``) that any client allowed to write the table can
set to switch them off; this trigger has no such door, so only the table's owner (ALTER TABLE ...
DISABLE TRIGGER, DROP TRIGGER) can lift it. It adds no dependency. SQLite (the demo) has no
such trigger: there the model and its queryset refuse updates and deletes.

TRUNCATE is not blocked: Django's test runner empties tables with it between transactional
tests. Only the table owner can TRUNCATE.
"""

from __future__ import annotations

FUNCTION = "reviews_auditevent_append_only"
TRIGGER = "reviews_auditevent_append_only"

INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % of reviews_auditevent row % refused.', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation';
END;
$$""",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON reviews_auditevent",
    f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON reviews_auditevent
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
]

UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON reviews_auditevent",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
]


def _run(schema_editor: object, statements: list[str]) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]  # schema_editor comes in as object from RunPython; it is a BaseDatabaseSchemaEditor
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)  # no parameters: the "%" in RAISE stays literal


def install(apps: object, schema_editor: object) -> None:
    _run(schema_editor, INSTALL)


def uninstall(apps: object, schema_editor: object) -> None:
    _run(schema_editor, UNINSTALL)


# Articles and claims are history too: nobody deletes them (a correction is a new version, a wrong
# claim is marked, split or withdrawn), and an article's text never changes once stored (what was
# reviewed and cleared is what stays). The ORM refuses deleting those that have audit events
# (PROTECT); these triggers also refuse the rest, and raw SQL, on PostgreSQL.
KEEP_FUNCTION = "reviews_keep_history"
KEEP_TRIGGERS = {
    "reviews_article_no_delete": "BEFORE DELETE ON reviews_article FOR EACH ROW",
    "reviews_claim_no_delete": "BEFORE DELETE ON reviews_claim FOR EACH ROW",
    "reviews_article_text_fixed": (
        "BEFORE UPDATE OF raw_text, cleaned_text ON reviews_article FOR EACH ROW "
        # An empty cleaned text may be filled in once (an extraction that finishes after the row exists).
        "WHEN (OLD.raw_text IS DISTINCT FROM NEW.raw_text "
        "OR (OLD.cleaned_text <> '' AND OLD.cleaned_text IS DISTINCT FROM NEW.cleaned_text))"
    ),
}

KEEP_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {KEEP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'History is kept: % of % row % refused (ingest a new version instead).',
        TG_OP, TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'restrict_violation';
END;
$$""",
    *(
        statement
        for name, when in KEEP_TRIGGERS.items()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {when.split(' ON ')[1].split()[0]}",
            f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {KEEP_FUNCTION}()",
        )
    ),
]

KEEP_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name} ON {when.split(' ON ')[1].split()[0]}" for name, when in KEEP_TRIGGERS.items()),
    f"DROP FUNCTION IF EXISTS {KEEP_FUNCTION}()",
]


def install_keep_history(apps: object, schema_editor: object) -> None:
    _run(schema_editor, KEEP_INSTALL)


def uninstall_keep_history(apps: object, schema_editor: object) -> None:
    _run(schema_editor, KEEP_UNINSTALL)
