"""Reads of staff accounts: the commission's list, one account's history."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.staff.permissions import can_manage_staff

LISTED_ROLES = (Role.OFFICIAL, Role.DEPARTMENT, Role.COMMISSION, Role.AUDITOR)


def staff_accounts(*, user) -> QuerySet[User]:
    """Officials, member departments, the commission and audit administrators, for the commission only (anyone else:
    none)."""
    if not can_manage_staff(user):
        return User.objects.none()
    return User.objects.filter(role__in=LISTED_ROLES).select_related("jurisdiction").order_by("role", "username")


# The reasons the services store in the history (English, as stored), as the page shows them.
REASONS = {
    "account created by the commission": _("Account created by the commission"),
    "deactivated by the commission": _("Deactivated by the commission"),
    "reactivated by the commission": _("Reactivated by the commission"),
    "moved by the commission": _("Moved to another sub-district/town by the commission"),
    "second factor reset": _("Second factor reset"),
}


def account_history(account: User, limit: int = 30) -> list:
    """The account's changes, newest first; each row's `what` says why, in the reader's language."""
    rows = list(account.history.select_related("history_user", "jurisdiction")[:limit])
    for row in rows:
        reason = row.history_change_reason or ""
        row.what = REASONS.get(reason, reason)
    return rows
