"""On PostgreSQL, refuse DELETE of articles and claims and any change of an article's stored text
(``reviews/db_audit.py``; a no-op on SQLite)."""

from django.db import migrations

import reviews.db_audit


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0019_claim_fewer_indexes"),
    ]

    operations = [
        migrations.RunPython(
            reviews.db_audit.install_keep_history, reviews.db_audit.uninstall_keep_history, elidable=False
        ),
    ]
