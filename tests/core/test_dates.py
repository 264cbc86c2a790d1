"""Calendar arithmetic shared by the apps (baodi_care/core/dates.py)."""

import datetime

from baodi_care.core import dates as core_dates


def test_add_months_keeps_the_day_or_the_months_end():
    assert core_dates.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert core_dates.add_months(datetime.date(2026, 8, 15), 6) == datetime.date(2027, 2, 15)
    assert core_dates.add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
