"""Month arithmetic shared by fee disclosures, operating reports and the inspection plan."""

from __future__ import annotations

import calendar
import datetime

from django.db.models import DateField, Func


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


class AddMonths(Func):
    """In SQL, `add_months(date, months)` for months ≥ 0: the same day `months` later, clamped to the end of a
    shorter month, on PostgreSQL (date + interval does that) and SQLite (date(…, '+n months') overflows into the
    next month, so the earlier of that and the target month's last day)."""

    output_field = DateField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        date, months = (compiler.compile(e) for e in self.get_source_expressions())
        return f"(({date[0]}) + make_interval(months => ({months[0]})::int))::date", [*date[1], *months[1]]

    def as_sqlite(self, compiler, connection, **extra):
        date, months = (compiler.compile(e) for e in self.get_source_expressions())
        sql = (
            f"min(date({date[0]}, '+' || ({months[0]}) || ' months'), "
            f"date({date[0]}, 'start of month', '+' || (({months[0]}) + 1) || ' months', '-1 day'))"
        )
        return sql, [*date[1], *months[1], *date[1], *months[1]]
