"""Fetches that failed with an unexpected error before 0035 stored the exception's text ("Type: message"),
which can name internal hosts, paths or SQL and is shown to editors: they now say the fixed sentence
``reviews.services.webpages.UNEXPECTED_FAILURE`` (copied here: a migration does not import the services).
``fetch_failed`` is the code of those failures only; the refusals editors can act on keep their messages."""

from django.db import migrations

UNEXPECTED_FAILURE = (
    "The page could not be fetched because of an error on our side; nothing was ingested. "
    "Try again later, and tell an administrator if it keeps happening."
)


def scrub(apps, schema_editor):
    PageFetch = apps.get_model("reviews", "PageFetch")
    PageFetch.objects.filter(error_code="fetch_failed").exclude(error=UNEXPECTED_FAILURE).update(
        error=UNEXPECTED_FAILURE
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0034_reviewpair_crowded"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
