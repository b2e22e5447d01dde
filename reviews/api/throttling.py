"""Throttles that read their rate from settings on every request.

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` into a class attribute at import time, so a
test (or an operator changing settings) cannot change the rate afterwards. These read it live.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    """Requests without credentials, per client address."""


class UserThrottle(_LiveRate, UserRateThrottle):
    """Authenticated requests, per user."""
