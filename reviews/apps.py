from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Claim review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from reviews.db_functions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="newsroom-sqlite-functions")

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from reviews import (
            checks,  # noqa: F401 (registers the system checks)
            tasks,  # noqa: F401 (registers the Celery tasks: reviews.dispatch sends them by name)
        )
        from reviews.services.token_revocation import revoke_tokens_of_deactivated_user

        post_save.connect(
            revoke_tokens_of_deactivated_user, sender=get_user_model(), dispatch_uid="newsroom-revoke-inactive-tokens"
        )
