"""A sliding-window count per key in the cache: how the portal limits what one address or one account may ask for.

The counts live in the cache: with several app processes, point CACHES at a shared backend (Redis).
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

HOUR = 3600


def _key(scope: str, value: str) -> str:
    # Hashed: addresses and account ids never appear in cache keys.
    return f"rate:{scope}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def _recent(key: str, now: float, window: int) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < window]


def is_limited(scope: str, value: str, limit: int, window: int = HOUR) -> bool:
    """Has `value` used up `limit` within the last `window` seconds? (A limit of 0: no limit.)"""
    return limit > 0 and len(_recent(_key(scope, value), time.time(), window)) >= limit


def count(scope: str, value: str, window: int = HOUR) -> None:
    """Count one use by `value`."""
    key, now = _key(scope, value), time.time()
    cache.set(key, [*_recent(key, now, window), now], window)


def allow(scope: str, value: str, limit: int, window: int = HOUR) -> bool:
    """Count one use and say whether it was within the limit (a refused use is not counted)."""
    if is_limited(scope, value, limit, window):
        return False
    count(scope, value, window)
    return True
