"""One pending fetch per address: a partial unique constraint, so that two simultaneous first requests
for the same URL cannot both insert one (``page_fetch_request`` answers the loser with the winner's).
Its index replaces ``page_fetch_pending_url_idx`` (the same lookup). Pending duplicates that the race
left before this migration are failed first, the oldest of each address staying the one in flight."""

from django.db import migrations, models
from django.db.models.functions import Now

DUPLICATE = "Not fetched: fetch #{keep} of the same address was asked for at the same moment; follow that one."


def fail_duplicates(apps, schema_editor):
    PageFetch = apps.get_model("reviews", "PageFetch")
    kept: dict[str, int] = {}
    for pk, page_url in (
        PageFetch.objects.filter(state="pending").order_by("requested_at", "id").values_list("id", "page_url")
    ):
        if page_url not in kept:
            kept[page_url] = pk
            continue
        PageFetch.objects.filter(pk=pk).update(
            state="failed",
            error_code="page_fetch_pending",
            error=DUPLICATE.format(keep=kept[page_url]),
            finished_at=Now(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0035_page_fetch_unexpected_error_scrub"),
    ]

    operations = [
        migrations.RunPython(fail_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pagefetch",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "pending")), fields=("page_url",), name="page_fetch_one_pending_per_url"
            ),
        ),
        migrations.RemoveIndex(
            model_name="pagefetch",
            name="page_fetch_pending_url_idx",
        ),
    ]
