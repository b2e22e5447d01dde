"""Throttles that read their rate from settings on every request, count in the shared cache, and
identify anonymous callers by the one trusted-proxy rule (``newsroom.client_address``).

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` into a class attribute at import time, so a
test (or an operator changing settings) cannot change the rate afterwards. These read it live.
DRF's own ``get_ident`` trusts the whole ``X-Forwarded-For`` header when ``NUM_PROXIES`` is unset,
so a random header per request escaped the anonymous limit; these use the address django-axes uses.
The counters live in Django's default cache (``CACHE_URL``: Redis shared by every process).
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from newsroom.client_address import client_address


class _LiveRate:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request: Request) -> str:
        return client_address(request)  # type: ignore[arg-type]  # DRF's Request is not Django's HttpRequest to the stubs; it proxies one


class AnonThrottle(_LiveRate, AnonRateThrottle):
    """Requests without credentials, per client address."""


class UserThrottle(_LiveRate, UserRateThrottle):
    """Authenticated requests, per user."""
