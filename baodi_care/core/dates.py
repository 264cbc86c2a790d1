"""Month arithmetic shared by fee disclosures, operating reports and the inspection plan."""

from __future__ import annotations

import calendar
import datetime


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the month before `today`'s: the month whose report is due now."""
    return add_months(month_start(today), -1)
