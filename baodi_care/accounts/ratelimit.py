"""A sliding-window count per key in the cache: how the portal limits what one address or one account may ask for
(complaints, sign-ups, password resets, the current password asked again).

On Redis (REDIS_URL, django-redis) each key is a sorted set of uses scored by time, and every step (drop the uses
older than the window, count, add) runs inside Redis in one Lua script or MULTI/EXEC pipeline: two app processes
counting at once can neither lose a use nor both take the last one. Without Redis the cache is each process's own
memory (LocMemCache): a lock makes the same steps atomic between the process's threads, and the limits hold per
process (one process only).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
import uuid

from django.core.cache import cache, caches

HOUR = 3600

_local_lock = threading.Lock()  # LocMemCache: read-modify-write of one process's lists, one thread at a time

# KEYS[1] the sorted set; ARGV: now, window (seconds), limit (0: none), the new use's member, expiry (seconds).
_TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local limit = tonumber(ARGV[3])
if limit > 0 and redis.call('ZCARD', KEYS[1]) >= limit then
    return 0
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return 1
"""


def _key(scope: str, value: str) -> str:
    # Hashed: addresses and account ids never appear in cache keys.
    return f"rate:{scope}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def _redis():
    """The Redis client under the default cache, or None when the cache is not django-redis."""
    from django_redis import get_redis_connection
    from django_redis.cache import RedisCache

    return get_redis_connection("default") if isinstance(caches["default"], RedisCache) else None


def _redis_key(scope: str, value: str) -> str:
    # A sorted set, under the cache's KEY_PREFIX and version (a name of its own: never a plain value's key).
    return caches["default"].make_key(_key(scope, value) + ":uses")


def _recent(key: str, now: float, window: int) -> list[tuple[float, str]]:
    return [(t, use) for t, use in cache.get(key, []) if now - t < window]


def _take(scope: str, value: str, limit: int, window: int) -> str | None:
    """Count one use unless `limit` is used up; the use's token (for give_back), or None when refused."""
    now, use = time.time(), uuid.uuid4().hex
    client = _redis()
    if client is not None:
        taken = client.eval(_TAKE, 1, _redis_key(scope, value), repr(now), window, limit, use, math.ceil(window))
        return use if taken else None
    key = _key(scope, value)
    with _local_lock:
        recent = _recent(key, now, window)
        if limit > 0 and len(recent) >= limit:
            return None
        cache.set(key, [*recent, (now, use)], window)
    return use


def is_limited(scope: str, value: str, limit: int, window: int = HOUR) -> bool:
    """Has `value` used up `limit` within the last `window` seconds? (A limit of 0: no limit.)"""
    if limit <= 0:
        return False
    now = time.time()
    client = _redis()
    if client is not None:
        pipe = client.pipeline(transaction=True)
        key = _redis_key(scope, value)
        pipe.zremrangebyscore(key, "-inf", now - window)
        pipe.zcard(key)
        return pipe.execute()[1] >= limit
    return len(_recent(_key(scope, value), now, window)) >= limit


def count(scope: str, value: str, window: int = HOUR) -> None:
    """Count one use by `value`, whatever the limit."""
    _take(scope, value, 0, window)


def allow(scope: str, value: str, limit: int, window: int = HOUR) -> bool:
    """Count one use and say whether it was within the limit (a refused use is not counted)."""
    return _take(scope, value, limit, window) is not None


def take(scope: str, value: str, limit: int, window: int = HOUR) -> str | None:
    """As allow, for a use that may fail afterwards (an invalid form): the use's token, to give_back if it did not
    count after all, or None when the limit is used up."""
    return _take(scope, value, limit, window)


def give_back(scope: str, value: str, token: str, window: int = HOUR) -> None:
    """Uncount the use `take` counted under `token`."""
    client = _redis()
    if client is not None:
        client.zrem(_redis_key(scope, value), token)
        return
    key = _key(scope, value)
    with _local_lock:
        kept = [(t, use) for t, use in cache.get(key, []) if use != token]
        cache.set(key, kept, window)
