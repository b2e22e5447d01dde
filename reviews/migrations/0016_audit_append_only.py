"""The audit trail cannot be rewritten: before/after stored whole, foreign keys PROTECT, and on PostgreSQL a
trigger that refuses UPDATE and DELETE of audit rows (``reviews/db_audit.py``; a no-op on SQLite)."""

import django.db.models.deletion
from django.db import migrations, models

import reviews.db_audit


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0015_article_content_hash_normalised"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="before",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="after",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="article",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_events",
                to="reviews.article",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="claim",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_events",
                to="reviews.claim",
            ),
        ),
        migrations.RunPython(reviews.db_audit.install, reviews.db_audit.uninstall, elidable=False),
    ]
