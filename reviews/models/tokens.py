from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

DIGEST_PATTERN = r"^[0-9a-f]{64}$"


class ApiToken(models.Model):
    """A user's API token for scripts: the SHA-256 digest of its key, never the key itself.

    The key is shown to its owner once, when it is issued or rotated (``reviews/services/tokens.py``);
    what is stored cannot be sent back as a credential. ``prefix`` (the key's first characters) only
    helps the owner recognise which key this is. One token per user.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    digest = models.CharField(max_length=64, unique=True, editable=False, help_text="SHA-256 of the key, in hex.")
    prefix = models.CharField(max_length=8, editable=False, help_text="The key's first characters, not secret.")
    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = "API token"
        constraints = [
            # A key stored by mistake instead of its digest is refused by the database itself.
            models.CheckConstraint(
                condition=models.Q(digest__regex=DIGEST_PATTERN), name="apitoken_digest_is_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
