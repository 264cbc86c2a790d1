"""Who reads the security log and the audit trails: the audit administrator only (等保 三级 安全管理中心 separates
system, audit and security administration). An account that can open the Django admin is a system administrator,
whatever its role, and may not read them."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import has_role


def is_auditor(user) -> bool:
    """An active audit administrator who is not also a system administrator (no admin flags)."""
    return has_role(user, Role.AUDITOR) and not user.is_staff and not user.is_superuser


# What an audit administrator may open besides its own pages (namespace "audit"): its account (sign-in, password,
# profile, second factor), the home page, the public pages. Anything else is a 403, the Django admin included.
AUDITOR_NAMESPACES = frozenset({"audit", "accounts", "public", "open_data"})
AUDITOR_URL_NAMES = frozenset({"home", "set_language", "favicon"})


def auditor_may_open(match) -> bool:
    """Whether the audit administrator may open the page `match` (a ResolverMatch) resolves to."""
    if match is None:
        return True  # no page: Django's 404
    namespace = match.namespaces[0] if match.namespaces else ""
    return namespace in AUDITOR_NAMESPACES or (not namespace and match.url_name in AUDITOR_URL_NAMES)


def can_read_security_log(user) -> bool:
    return is_auditor(user)


def can_read_audit_trails(user) -> bool:
    return is_auditor(user)
