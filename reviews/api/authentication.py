"""Token authentication by the key's digest, with an absolute expiry (reviews/services/tokens.py)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from reviews.models import ApiToken
from reviews.services.tokens import token_expired, token_for_key


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, read as DRF reads it; the key is looked up by its digest.

    Refuses with DRF's 401s (``authentication_failed``) an unknown key (a revoked or rotated one, or a
    stored digest sent as a key) and an inactive user, and a token past its lifetime with ``token_expired``.
    """

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[AbstractBaseUser, ApiToken]:
        token = token_for_key(key)
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        if token_expired(token):
            raise AuthenticationFailed(
                "This API token has expired; sign in again or rotate it to get a new one.", code="token_expired"
            )
        return token.user, token
