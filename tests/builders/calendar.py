"""The commission's table of holidays and worked (调休) days."""

from __future__ import annotations

import datetime

from institutions.calendar.services import add_calendar_day
from institutions.models import CalendarDay
from tests.builders.accounts import commission_user


def make_calendar_day(date: datetime.date, *, is_workday: bool = False, name: str = "测试") -> CalendarDay:
    """A holiday (or, with is_workday, a weekend day that is worked) in the commission's table."""
    return add_calendar_day(by=commission_user(), date=date, is_workday=is_workday, name=name)
