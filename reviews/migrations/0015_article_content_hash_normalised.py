"""Move every stored content hash to the normalised form (``reviews/extraction/fingerprint.py``).

Never fails and never deletes: where two stored articles have the same normalised text, one takes
the new hash and the later one keeps its old hash (the column stays unique). Such pairs are
printed here and listed any time by ``python manage.py duplicate_articles`` for an editor to resolve.
Reversing leaves the hashes as they are (new ingests would hash the same way on the old code for
clean text; nothing is lost either way).
"""

from django.db import migrations, models


def rehash(apps, schema_editor):  # type: ignore[no-untyped-def]  # a data migration's (apps, schema_editor) signature
    from reviews.services.duplicates import articles_rehash

    article_model = apps.get_model("reviews", "Article")
    pairs = articles_rehash(article_model=article_model, using=schema_editor.connection.alias)
    if pairs:
        print(  # shown once, at migrate time
            f"\n  {len(pairs)} article(s) have the same text as an earlier one and kept their old content hash "
            "(list them with `python manage.py duplicate_articles`): "
            + ", ".join(f"#{pair.duplicate_id} = #{pair.kept_id}" for pair in pairs)
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0014_clearance_revocation")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="content_hash",
            field=models.CharField(
                help_text="SHA-256 of the normalised raw text (reviews/extraction/fingerprint.py).",
                max_length=64,
                unique=True,
            ),
        ),
        migrations.RunPython(rehash, migrations.RunPython.noop, elidable=False),
    ]
