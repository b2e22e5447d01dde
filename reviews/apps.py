from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Claim review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from reviews.db_functions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="newsroom-sqlite-functions")

        from reviews import checks  # noqa: F401 (registers the system checks)
