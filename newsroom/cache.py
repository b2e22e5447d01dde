"""The shared cache: Django's own Redis backend, except that ``clear()`` removes only this cache's keys.

The stock ``RedisCache.clear()`` runs ``FLUSHDB``. ``CACHE_URL`` defaults to the broker's Redis, whose
database also holds the Celery queues (and, in tests, other test processes' counters), so a flush
would drop queued tasks. Here ``clear()`` deletes the keys under this cache's ``KEY_PREFIX`` only.
"""

from __future__ import annotations

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache


def cache_settings(*, url: str, key_prefix: str) -> dict[str, object]:
    """The ``CACHES["default"]`` entry for ``url``: ``redis://``/``rediss://``/``unix://`` or ``locmem://``."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else url.lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": key_prefix}
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.split("://", 1)[1] if "://" in url else "",
            "KEY_PREFIX": key_prefix,
        }
    raise ValueError(f"CACHE_URL must start with redis://, rediss://, unix:// or locmem://, not {url!r}")


class RedisCache(DjangoRedisCache):
    def clear(self) -> None:
        if not self.key_prefix:  # no prefix: every key is ours, as Django assumes
            super().clear()
            return
        client = self._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
