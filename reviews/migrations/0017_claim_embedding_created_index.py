"""Matching workers top their index up with the embeddings created since their watermark: index that column
(without it, each top-up is a scan of every stored vector, 1.5 GB at a million claims)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0016_audit_append_only"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claimembedding",
            index=models.Index(fields=["created_at"], name="claim_embedding_created_idx"),
        ),
    ]
