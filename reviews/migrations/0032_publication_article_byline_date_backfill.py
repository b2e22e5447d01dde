"""Publications made before 0031 take their article's byline and publication date (both empty for text articles)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Publication = apps.get_model("reviews", "Publication")
    Article = apps.get_model("reviews", "Article")
    article = Article.objects.filter(claims__pk=OuterRef("claim_id"))
    Publication.objects.update(
        article_byline=Subquery(article.values("byline")[:1]),
        article_published_on=Subquery(article.values("published_on")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0031_publication_article_byline_date"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
