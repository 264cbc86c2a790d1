"""Operating reports (运营情况报送)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baodi_care.accounts.models import User
from baodi_care.core import dates as core_dates
from institutions.models import Institution, OperatingReport
from institutions.reports import services as reports_services


def figures(**overrides) -> dict:
    """A month's figures: 12 toddlers, 6 staff of whom 3 caregivers, no incident."""
    return {
        "enrolled_infant": 0, "enrolled_toddler": 12, "enrolled_senior": 0, "enrolled_mixed": 0,
        "staff_on_duty": 6, "caregivers_on_duty": 3, "incidents": 0, "incident_notes": "", **overrides,
    }  # fmt: skip


def make_report(
    institution: Institution, operator: User, period: datetime.date | None = None, **overrides
) -> OperatingReport:
    """The report of `period` (last month unless said), with figures() changed by `overrides`."""
    period = period or core_dates.previous_month(timezone.localdate())
    return reports_services.submit_operating_report(
        institution=institution, by=operator, period=period, **figures(**overrides)
    )
