"""The client's address, one rule for django-axes (login lockout) and the REST framework's throttles.

No proxy is trusted by default (``NUM_PROXIES=0``): the socket address is the client and every
forwarded header is ignored, so a forged ``X-Forwarded-For`` changes nothing. Behind N proxies you
run, the client is the N-th address from the right of the header they append (``AXES_IP_HEADERS``,
``X-Forwarded-For`` unless set): everything left of that was written by the client and is not read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

FORWARDED_DEFAULT = "HTTP_X_FORWARDED_FOR"


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def forwarded_headers() -> list[str]:
    headers = [name for name in settings.AXES_IPWARE_META_PRECEDENCE_ORDER if name != "REMOTE_ADDR"]
    return headers or [FORWARDED_DEFAULT]


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent ``request`` (a DRF ``Request`` works too: it proxies ``META``)."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies > 0:
        for header in forwarded_headers():
            hops = [hop.strip() for hop in str(meta.get(header, "")).split(",") if hop.strip()]
            if hops:
                return _valid(hops[-min(proxies, len(hops))]) or remote
    return remote
