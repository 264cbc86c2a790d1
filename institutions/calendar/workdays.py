"""Working days for deadlines: Chinese statutory holidays and 调休 make-up days.

chinese-calendar knows the State Council's schedule up to the year of its release; the CalendarDay table
covers later years (and corrections). A year neither knows falls back to Monday–Friday.
"""

from __future__ import annotations

import datetime

import chinese_calendar


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    from institutions.models import CalendarDay

    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


def _is_workday(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day: datetime.date) -> bool:
    return _is_workday(day, _overrides(day, day))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the day of submission itself does not count)."""
    # Statutory holidays are at most ~9 days in a row, so this window always holds the answer.
    overrides = _overrides(start, start + datetime.timedelta(days=days * 3 + 30))
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if _is_workday(day, overrides):
            counted += 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, overrides: dict[datetime.date, bool] | None = None
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    A list page passes the CalendarDay overrides it fetched once, so that rows cost no query each.
    """
    if end <= start:
        return 0
    if overrides is None:
        overrides = _overrides(start, end)
    n, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        n += _is_workday(day, overrides)
    return n


class WorkdayCounter:
    """`working_days_between` for many spans within [first, last]: each day is judged once, then a span costs a
    subtraction (the count of working days up to its end, minus the count up to its start)."""

    def __init__(
        self, first: datetime.date, last: datetime.date, *, overrides: dict[datetime.date, bool] | None = None
    ):
        self.first = first
        overrides = _overrides(first, last) if overrides is None else overrides
        self._upto = [0]  # _upto[i]: working days in (first, first + i]
        day = first
        while day < last:
            day += datetime.timedelta(days=1)
            self._upto.append(self._upto[-1] + _is_workday(day, overrides))

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """As working_days_between(start, end), for first <= start and end <= last."""
        if end <= start:
            return 0
        return self._upto[(end - self.first).days] - self._upto[(start - self.first).days]
