"""Who may reset another user's second factor."""

from __future__ import annotations

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import has_role


def can_reset_second_factor(by, user) -> bool:
    """The commission for portal accounts, administrators for anyone; never one's own (set it up again instead)."""
    if by is None or user is None or by.pk == user.pk:
        return False
    if has_role(by, Role.ADMIN) or (getattr(by, "is_superuser", False) and by.is_active):
        return True
    return has_role(by, Role.COMMISSION) and user.role != Role.ADMIN and not user.is_staff and not user.is_superuser
