"""The client's address, as the trusted proxies in front of the portal report it (and nothing a client can spoof)."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    """The address the request came from.

    With no trusted proxy (TRUSTED_PROXY_COUNT = 0, the default) it is REMOTE_ADDR. Behind N trusted proxies each
    appends the address it received the request from to X-Forwarded-For, so the client is the N-th entry from the
    right; anything left of it was written by the client and is ignored. A header shorter than the proxy chain
    (a request that did not come through all the proxies) falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
