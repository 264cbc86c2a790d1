"""Who is told: the active staff of a jurisdiction and of the health commission."""

from __future__ import annotations

from django.db.models import QuerySet

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User


def officials_of(jurisdiction_id: int | None) -> QuerySet[User]:
    """The active officials of one 街道/镇."""
    return User.objects.filter(role=Role.OFFICIAL, jurisdiction_id=jurisdiction_id, is_active=True)


def officials_by_jurisdiction() -> dict[int, list[User]]:
    """Every active official, grouped by jurisdiction (one query for a whole batch of reminders)."""
    result: dict[int, list[User]] = {}
    for user in User.objects.filter(role=Role.OFFICIAL, is_active=True, jurisdiction__isnull=False):
        result.setdefault(user.jurisdiction_id, []).append(user)
    return result


def commission_staff() -> QuerySet[User]:
    """The active staff of the district health commission (区卫健委)."""
    return User.objects.filter(role=Role.COMMISSION, is_active=True)
