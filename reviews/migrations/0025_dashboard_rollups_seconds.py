"""The reviewers' seconds per review kept as a histogram for the dashboard's exact median (no scan of the
window's reviews). The triggers are installed and everything recounted by 0034, after 0033 packs the histogram
(the code they are built from is that shape now)."""

from django.db import migrations, models

import reviews.db_rollups


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0024_learned_models"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewSecondsDelta",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("desk", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("reviewer_id", models.IntegerField()),
                ("seconds", models.IntegerField()),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="ReviewSeconds",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("desk", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("reviewer_id", models.IntegerField()),
                ("seconds", models.IntegerField()),
                ("n", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("desk", "day", "reviewer_id", "seconds"), name="reviewseconds_key")
                ],
            },
        ),
        migrations.RunPython(migrations.RunPython.noop, reviews.db_rollups.uninstall, elidable=False),
    ]
