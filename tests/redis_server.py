"""The real Redis for tests (127.0.0.1:6379, database 15): reach it or skip loudly (BAODI_REQUIRE_REDIS=1, as in CI:
fail instead), and the settings REDIS_URL gives, under a key prefix of the test's own."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/15"
REQUIRE_ENV = "BAODI_REQUIRE_REDIS"


def require_redis():
    """A client of the test database of Redis; the test is skipped, loudly, when none answers."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
            pytest.fail(f"Redis test: no Redis at {REDIS_URL} ({error}) and {REQUIRE_ENV} is set", pytrace=False)
        pytest.skip(
            f"REDIS TEST NOT RUN: no Redis at {REDIS_URL} ({error}; set {REQUIRE_ENV}=1 to make this a failure)"
        )
    return client


def redis_settings(settings) -> str:
    """Switch pytest-django's `settings` to what REDIS_URL sets in baodi_care/settings.py; the key prefix."""
    prefix = f"baodi-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    return prefix


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
