"""Articles whose extraction failed before 0037 stored the exception's text in ``refusal`` ("Extraction
failed (Type: message); ..."), which can name internal hosts, paths or SQL and is shown to editors: they
now say the fixed sentence ``reviews.services.articles.EXTRACTION_FAILURE`` (copied here: a migration does
not import the services). Other refusals (no claims, a duplicate...) are messages of our own and stay."""

from django.db import migrations

EXTRACTION_FAILURE = (
    "Extraction failed because of an error on our side; nothing was queued. "
    "Submit the same text again to retry, and tell an administrator if it keeps happening."
)


def scrub(apps, schema_editor):
    Article = apps.get_model("reviews", "Article")
    Article.objects.filter(state="failed", refusal__startswith="Extraction failed (").update(refusal=EXTRACTION_FAILURE)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0036_page_fetch_one_pending_per_url"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
