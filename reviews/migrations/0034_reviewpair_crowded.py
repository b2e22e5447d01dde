"""Review pairs say whether their claim round has three reviews or more (``crowded``), so the
dashboard's claim agreement groups only those pairs by round (at two million claims it grouped
95,000 pairs by round, spilling to disk). Triggers reinstalled and every rollup recounted
(``reviews/db_rollups.py``; 0033's install is a no-op now: that code is this one)."""

from django.db import migrations, models

import reviews.db_rollups


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0033_dashboard_seconds_packed_histogram"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewpair",
            name="crowded",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="reviewpair",
            index=models.Index(
                condition=models.Q(("crowded", True)),
                fields=["first_at"],
                include=["last_at", "desk", "claim_id", "review_round", "verdict_a", "verdict_b"],
                name="reviewpair_crowded_idx",
            ),
        ),
        migrations.RunPython(reviews.db_rollups.install, reviews.db_rollups.uninstall, elidable=False),
    ]
