"""Fewer indexes on the claim table: a verdict's update is not HOT (its status changes), so it writes an
entry in every index of the table. claim_queue_idx (status, priority, score, created_at) served no query
the partial claim_pending_queue_idx and claim_status_created_idx do not; the article foreign key's own
index duplicates the prefix of claim_unique_position (article_id, position)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0018_publications"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_queue_idx",
        ),
        migrations.AlterField(
            model_name="claim",
            name="article",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="claims", to="reviews.article"
            ),
        ),
    ]
