"""The per-account login limit, beside django-axes' per-address-and-username lockout.

django-axes locks one username from one address after ``AXES_FAILURE_LIMIT`` failures. An attacker
with many addresses gets that many guesses per address; this adds a limit per username across all
addresses: ``ACCOUNT_FAILURE_LIMIT`` failures within ``ACCOUNT_FAILURE_WINDOW`` (counted from
django-axes' failure log, in the database, so every process sees them) start a cool-off of
``ACCOUNT_COOLOFF`` for that username.

So that the limit cannot be used to lock a known account out at will:
- the cool-off is short, and only failures *after* the last cool-off count towards the next one (an
  attacker needs a fresh batch of failures each time, not one per cool-off);
- an address from which the user has signed in successfully within ``ACCOUNT_KNOWN_ADDRESS_DAYS``
  (django-axes' access log) is exempt: the user keeps signing in from where they usually do.
The cool-off state lives in the shared cache (``CACHE_URL``), so it holds across processes too.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(kind: str, username: str) -> str:
    # A digest, not the name: any username (up to 150 characters, any script) gives a short key that
    # every cache backend accepts (Django warns past 250 characters) and two names never share one.
    return f"login-account:{kind}:{hashlib.sha256(username.encode('utf-8')).hexdigest()}"


def account_known_address(*, username: str, ip_address: str | None) -> bool:
    if not ip_address:
        return False
    since = timezone.now() - timedelta(days=settings.ACCOUNT_KNOWN_ADDRESS_DAYS)
    return bool(AccessLog.objects.filter(username=username, ip_address=ip_address, attempt_time__gte=since).exists())


def account_cooling_off(*, username: str | None, ip_address: str | None) -> bool:
    """Whether sign-ins as ``username`` from ``ip_address`` are refused now by the per-account limit.

    Starts a cool-off when the failures since the last one reach the limit.
    """
    limit = settings.ACCOUNT_FAILURE_LIMIT
    if not username or limit <= 0:
        return False
    now = timezone.now()
    until: datetime | None = cache.get(_key("until", username))
    if until is not None and now < until:
        return not account_known_address(username=username, ip_address=ip_address)
    counted_from = now - settings.ACCOUNT_FAILURE_WINDOW
    last_end: datetime | None = cache.get(_key("since", username))
    if last_end is not None and last_end > counted_from:
        counted_from = last_end
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=counted_from).count()
    if failures < limit:
        return False
    until = now + settings.ACCOUNT_COOLOFF
    cache.set(_key("until", username), until, timeout=settings.ACCOUNT_COOLOFF.total_seconds() + 1)
    cache.set(_key("since", username), until, timeout=settings.ACCOUNT_FAILURE_WINDOW.total_seconds() + 60)
    return not account_known_address(username=username, ip_address=ip_address)


def login_failures_prune(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete django-axes failure-log rows older than ``older_than`` (only the last window is read)."""
    deleted, _ = AccessFailureLog.objects.filter(attempt_time__lt=timezone.now() - older_than).delete()
    return int(deleted)
