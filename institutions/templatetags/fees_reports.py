"""Cards about fee disclosures and operating reports on pages whose views belong to other modules.

The home pages and the institution page include a partial that asks for its own data here, so those views
need not know about fees and reports."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from baodi_care.core.dates import previous_month
from institutions.choices import REPORTING_STATUSES, FeeScheduleStatus
from institutions.fees.selectors import (
    STALE_REASONS,
    FeeState,
    fee_state,
    fee_state_counts,
    fee_status_list,
    for_fee_display,
    stale_reason,
    with_fee_state,
)
from institutions.models import FeeSchedule, Institution, OperatingReport
from institutions.permissions import is_member
from institutions.reports.selectors import (
    due_operating_reports,
    report_due_date,
    report_state_counts,
    report_status_list,
)

register = template.Library()


@register.simple_tag
def operator_fee_report_alerts(user) -> dict:
    """Institutions of the operator whose fee disclosure is missing or stale, and reports due or overdue."""
    return operator_alerts(user=user)


@register.simple_tag
def official_fee_report_summary(user) -> dict:
    """Counts of fee states and of last month's reports in the official's jurisdiction."""
    return official_summary(user=user)


@register.simple_tag
def institution_fee_report_summary(institution, user) -> dict:
    """The fee disclosure and report state of one institution, as its page shows them."""
    return institution_summary(user=user, institution=institution)


def _report_reminder(today: datetime.date) -> dict:
    period = previous_month(today)
    due = report_due_date(period)
    return {"period": period, "due_date": due, "overdue": today > due}


def institution_summary(*, user, institution: Institution, today: datetime.date | None = None) -> dict:
    """What the institution page says about fees and reports."""
    today = today or timezone.localdate()
    schedules = FeeSchedule.objects.for_user(user).filter(institution=institution)
    current = schedules.published().first()
    member = is_member(user, institution)
    draft = schedules.filter(status=FeeScheduleStatus.DRAFT).first() if member else None
    reports = OperatingReport.objects.for_user(user).filter(institution=institution).order_by("-period")
    last_report = reports.first()
    reminder = _report_reminder(today)
    expected = institution.status in REPORTING_STATUSES
    missing = expected and not reports.filter(period=reminder["period"]).exists()
    return {
        "current": current,
        "state": fee_state(current, today) if expected or current else "",
        "stale_reason": STALE_REASONS.get(stale_reason(current, today), ""),
        "draft": draft,
        "is_member": member,
        "last_report": last_report,
        "report_missing": missing,
        **reminder,
    }


def operator_alerts(*, user, today: datetime.date | None = None) -> dict:
    """For the operator's home: institutions whose disclosure is missing or stale, and reports due or overdue."""
    today = today or timezone.localdate()
    own = Institution.objects.for_user(user)
    fees = for_fee_display(
        with_fee_state(own.filter(status__in=REPORTING_STATUSES), today)
        .filter(fee_state__in=[FeeState.NONE.value, FeeState.STALE.value])
        .order_by("name", "pk"),
        today,
    )
    reports = [institution for institution, _period in due_operating_reports(today, institutions=own)]
    return {"fees": fees, "reports": reports, **_report_reminder(today)}


def official_summary(*, user, today: datetime.date | None = None) -> dict:
    """For the official's home: counts of fee states and of last month's reports in the jurisdiction."""
    today = today or timezone.localdate()
    reminder = _report_reminder(today)
    return {
        "fees": fee_state_counts(fee_status_list(user=user, today=today)),
        "reports": report_state_counts(report_status_list(user=user, period=reminder["period"])),
        **reminder,
    }
