"""The audit process cannot be switched off by a setting (等保 三级 8.1.4.3 d): the portal refuses to start without
the security log's middleware, which makes the request current for the recorder, logs refused objects and keeps the
audit administrator to its own pages."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

MIDDLEWARE_PATH = "baodi_care.accounts.security_log.middleware.SecurityLogMiddleware"


@checks.register(checks.Tags.security)
def check_security_log_middleware(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if MIDDLEWARE_PATH in settings.MIDDLEWARE:
        return []
    return [
        checks.Error(
            f"{MIDDLEWARE_PATH} is not in MIDDLEWARE: the security log would miss who, where and refused objects.",
            hint="Put it back after the second factor's middleware (see README, Security log).",
            id="accounts.E002",
        )
    ]
