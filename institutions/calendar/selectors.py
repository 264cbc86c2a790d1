"""Reads for the holiday table: a year's overrides and what chinese-calendar knows of that year."""

from __future__ import annotations

import datetime

import chinese_calendar
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from institutions.models import CalendarDay


def calendar_overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Anti-Fascist 70th Day"),
}


def chinese_calendar_knows(year: int) -> bool:
    """Whether the installed chinese-calendar carries the State Council's schedule for this year."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _runs(days: list[tuple[datetime.date, str]]) -> list[dict]:
    """Consecutive days of the same name as one line: 国庆节 10-01 – 10-08."""
    runs: list[dict] = []
    for day, name in sorted(days):
        if runs and runs[-1]["name"] == name and (day - runs[-1]["end"]).days == 1:
            runs[-1]["end"] = day
        else:
            runs.append({"name": name, "start": day, "end": day})
    for run in runs:
        run["label"] = str(HOLIDAY_NAMES.get(run["name"], run["name"]))
    return runs


def chinese_calendar_schedule(year: int) -> dict:
    """The holidays and 调休 working days chinese-calendar knows for a year (empty if it does not know it)."""
    if not chinese_calendar_knows(year):
        return {"holidays": [], "workdays": []}
    holidays = [(d, n) for d, n in chinese_calendar.holidays.items() if d.year == year]
    # Weekend days that are worked (调休); the workdays table also lists ordinary days for some years.
    workdays = [(d, n) for d, n in chinese_calendar.workdays.items() if d.year == year and d.weekday() >= 5 and n]
    return {"holidays": _runs(holidays), "workdays": _runs(workdays)}


def calendar_days(*, year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")
