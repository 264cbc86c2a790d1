"""Who manages staff accounts: the health commission, for officials and member departments only."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import has_role

# The accounts the commission makes and manages in the portal (the Django admin keeps the rest). The audit
# administrator is made here too: never by the system administrator whose actions it reads (等保 三级 安全管理中心).
MANAGED_ROLES = (Role.OFFICIAL, Role.DEPARTMENT, Role.AUDITOR)


def can_manage_staff(user) -> bool:
    return has_role(user, Role.COMMISSION)


def can_manage_account(by, user) -> bool:
    """The commission manages officials, member-department users and audit administrators, never itself nor a system
    administrator."""
    return can_manage_staff(by) and user.role in MANAGED_ROLES and not user.is_staff and not user.is_superuser
