"""Data migration: the three roles as Django groups."""

from django.db import migrations

ROLES = ("reviewer", "editor", "admin")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
