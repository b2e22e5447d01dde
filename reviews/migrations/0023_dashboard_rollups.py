"""The dashboard's counts kept incrementally: tally and delta tables, review pairs, and on PostgreSQL the
triggers that fill them (``reviews/db_rollups.py``; plain SQL like 0016/0020; a no-op on SQLite),
installed and backfilled by 0034 (was 0025)."""

from django.db import migrations, models

import reviews.db_rollups


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0022_article_async_extraction"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimTallyDelta",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("desk", models.CharField(max_length=100)),
                ("status", models.CharField(max_length=20)),
                ("created_day", models.DateField()),
                ("finalised_day", models.DateField(null=True)),
                ("reviewed", models.BooleanField()),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="ReviewTallyDelta",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("desk", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("reviewer_id", models.IntegerField()),
                ("verdict", models.CharField(max_length=20)),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="ClaimTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("desk", models.CharField(max_length=100)),
                ("status", models.CharField(max_length=20)),
                ("created_day", models.DateField()),
                ("finalised_day", models.DateField(null=True)),
                ("reviewed", models.BooleanField()),
                ("n", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("desk", "status", "created_day", "finalised_day", "reviewed"),
                        name="claimtally_key",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReviewPair",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("claim_id", models.IntegerField()),
                ("review_round", models.IntegerField()),
                ("desk", models.CharField(max_length=100)),
                ("review_a_id", models.IntegerField()),
                ("review_b_id", models.IntegerField()),
                ("reviewer_a_id", models.IntegerField()),
                ("reviewer_b_id", models.IntegerField()),
                ("verdict_a", models.CharField(max_length=20)),
                ("verdict_b", models.CharField(max_length=20)),
                ("first_at", models.DateTimeField()),
                ("last_at", models.DateTimeField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["claim_id"], name="reviewpair_claim_idx"),
                    models.Index(
                        fields=["first_at"],
                        include=(
                            "last_at",
                            "desk",
                            "claim_id",
                            "review_round",
                            "reviewer_a_id",
                            "reviewer_b_id",
                            "verdict_a",
                            "verdict_b",
                        ),
                        name="reviewpair_first_cover_idx",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReviewTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("desk", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("reviewer_id", models.IntegerField()),
                ("verdict", models.CharField(max_length=20)),
                ("n", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("desk", "day", "reviewer_id", "verdict"), name="reviewtally_key")
                ],
            },
        ),
        # The triggers are installed (and everything counted) by 0025, with the tables they write to.
        migrations.RunPython(migrations.RunPython.noop, reviews.db_rollups.uninstall, elidable=False),
    ]
