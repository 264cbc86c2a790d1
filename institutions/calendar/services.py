"""Writes to the working-day calendar: the commission adds and removes holidays and 调休 days."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.permissions import has_role
from institutions.models import CalendarDay

CALENDAR_DAY_EXISTS = _("%(date)s is already in the table (%(entry)s); delete that entry first to change it.")


def can_edit_calendar(user) -> bool:
    """The holiday table is the commission's (DESIGN §1: checklist and holiday configuration)."""
    return has_role(user, Role.COMMISSION)


@transaction.atomic
def add_calendar_day(*, by: User, date: datetime.date, is_workday: bool, name: str = "") -> CalendarDay:
    """Add a holiday, or a 调休 day that is worked, to the working-day calendar."""
    if not can_edit_calendar(by):
        raise PermissionDenied
    existing = CalendarDay.objects.filter(date=date).first()
    if existing:
        entry = existing.name or (_("working day") if existing.is_workday else _("holiday"))
        raise ValidationError(
            {"date": ValidationError(CALENDAR_DAY_EXISTS, code="unique", params={"date": date, "entry": entry})}
        )
    day = CalendarDay(date=date, is_workday=is_workday, name=(name or "").strip())
    day._history_user = by
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def delete_calendar_day(*, by: User, day: CalendarDay) -> None:
    """Remove an override; the day then follows chinese-calendar (or Monday–Friday) again."""
    if not can_edit_calendar(by):
        raise PermissionDenied
    day._history_user = by
    day.delete()
