"""A secret shown once on a page, across the POST/redirect/GET of the form that made it.

The POST that makes a secret (an API key, a webhook signing secret) stashes what the page needs to
show it and answers ``303 See Other`` to the page; the page's next GET takes it (``take``) and shows it,
and every later GET (a reload, Back, another tab) finds nothing. Reloading therefore never asks to send
the form again, which would make yet another key.

**Where it waits.** The sessions are the database's (Django's default ``SESSION_ENGINE``), and an API
key must never reach the database (only its digest is stored, so that a dump or a backup holds no
working credential; see ``reviews/services/tokens.py``). So the value waits in the shared cache
(``CACHE_URL``: Redis, like the throttle counters) under a random handle, for ``TTL_SECONDS`` at most,
and the session holds only that handle: another session, another user's included, cannot name it, and
the entry also records its user and is refused to anyone else. ``take`` deletes the entry; one not
taken in time expires by itself. With ``CACHE_URL=locmem://`` (one process only) a GET served by another
process finds nothing, and the page says the secret can no longer be shown (make another).

Pages that show a secret are marked ``never_cache`` (``Cache-Control: no-store``) by their views.
"""

from __future__ import annotations

import secrets
from typing import Any, Final

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseRedirect

TTL_SECONDS: Final = 300  # the GET follows its redirect at once; five minutes is ample


class _Gone:
    """Stashed for this session but no longer there (expired, lost by the cache, or not this user's)."""

    def __repr__(self) -> str:
        return "GONE"


GONE: Final = _Gone()


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: the browser follows with a GET, and a reload repeats that GET, not the POST."""

    status_code = 303


def _session_key(name: str) -> str:
    return f"show-once:{name}"


def _cache_key(handle: str) -> str:
    return f"show-once:{handle}"


def stash(request: HttpRequest, name: str, value: dict[str, Any]) -> None:
    """Keep ``value`` for the next ``take(request, name)`` of this session (replacing one not yet taken)."""
    earlier = request.session.get(_session_key(name))
    if earlier:
        cache.delete(_cache_key(earlier))
    handle = secrets.token_urlsafe(32)
    cache.set(_cache_key(handle), {"user": request.user.pk, "value": value}, TTL_SECONDS)
    request.session[_session_key(name)] = handle


def take(request: HttpRequest, name: str) -> dict[str, Any] | _Gone | None:
    """The value stashed under ``name`` in this session, removed as it is read; ``GONE`` when one was
    stashed but is no longer there; ``None`` when none was."""
    handle = request.session.pop(_session_key(name), None)
    if not handle:
        return None
    entry = cache.get(_cache_key(handle))
    cache.delete(_cache_key(handle))
    if not isinstance(entry, dict) or entry.get("user") != request.user.pk:
        return GONE
    value: dict[str, Any] = entry["value"]
    return value
