"""The reviewers' seconds histogram packed into one number per (desk, day, reviewer, span of 10,000 s):
at two million claims the dashboard read 450,000 rows (one per distinct duration) for the medians, it
now reads one per reviewer and day (``reviews/db_rollups.py``). The tables are recreated; 0034 reinstalls
the triggers and recounts every rollup (the code they are built from is that shape now; 0025's install
is a no-op too)."""

from django.db import migrations, models

import reviews.db_rollups
import reviews.models.rollups


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0032_publication_article_byline_date_backfill"),
    ]

    operations = [
        migrations.DeleteModel(name="ReviewSecondsDelta"),
        migrations.DeleteModel(name="ReviewSeconds"),
        migrations.CreateModel(
            name="ReviewSecondsDelta",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("desk", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("reviewer_id", models.IntegerField()),
                ("span", models.IntegerField()),
                ("counts", reviews.models.rollups.PackedHistogramField()),
            ],
        ),
        migrations.CreateModel(
            name="ReviewSeconds",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("desk", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("reviewer_id", models.IntegerField()),
                ("span", models.IntegerField()),
                ("counts", reviews.models.rollups.PackedHistogramField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("desk", "day", "reviewer_id", "span"), name="reviewseconds_key")
                ],
            },
        ),
        migrations.RunPython(migrations.RunPython.noop, reviews.db_rollups.uninstall, elidable=False),
    ]
