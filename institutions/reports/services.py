"""Every write to an operating report (运营情况报送) goes through here: reported, then corrected.

An operating report covers one month (管理规范 Art. 12). It is due by the 10th of the following month and the
operator may correct it until the end of that month; every correction is kept in the report's history."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.selectors import officials_of
from baodi_care.accounts.services import notify
from baodi_care.accounts.texts import Text
from baodi_care.core.dates import month_start
from baodi_care.core.records import assign
from institutions.choices import REPORT_ALLOWED_STATUSES, ClassType
from institutions.fees.services import _lock
from institutions.models import Institution, OperatingReport
from institutions.permissions import is_member
from institutions.reports.selectors import can_correct_report, report_correctable_until

REPORT_NOT_YOURS = _("Only the institution's own operators can report its operation.")
REPORT_NOT_OPEN = _("%(institution)s is “%(status)s”: operating reports start once the institution is filed.")
REPORT_FUTURE = _("%(month)s has not begun yet; a report covers a month that has started.")
REPORT_DUPLICATE = _(
    "%(institution)s has already reported %(month)s. Open that report to correct it; a month is reported once."
)
REPORT_LOCKED = _("The report for %(month)s could be corrected until %(date)s; it is closed now.")
REPORT_CAREGIVERS_EXCEED_STAFF = _("Caregivers are part of the staff: they cannot outnumber the staff on duty.")
REPORT_INCIDENT_NOTES = _("Say what happened in the incidents reported.")

ENROLMENT_FIELDS = {
    ClassType.INFANT: "enrolled_infant",
    ClassType.TODDLER: "enrolled_toddler",
    ClassType.SENIOR: "enrolled_senior",
    ClassType.MIXED: "enrolled_mixed",
}

REPORT_FIGURE_FIELDS = (
    *ENROLMENT_FIELDS.values(),
    "staff_on_duty",
    "caregivers_on_duty",
    "incidents",
    "incident_notes",
)


def _month_label(period: datetime.date) -> str:
    return f"{period:%Y-%m}"


def _check_figures(report: OperatingReport) -> None:
    errors = {}
    if (report.caregivers_on_duty or 0) > (report.staff_on_duty or 0):
        errors["caregivers_on_duty"] = ValidationError(REPORT_CAREGIVERS_EXCEED_STAFF, code="caregivers_exceed_staff")
    if report.incidents and not (report.incident_notes or "").strip():
        errors["incident_notes"] = ValidationError(REPORT_INCIDENT_NOTES, code="incident_notes_required")
    if errors:
        raise ValidationError(errors)


def _total_seats(institution: Institution) -> int:
    return institution.classes.aggregate(n=Sum("seats"))["n"] or 0


def _alert_officials(report: OperatingReport, *, over_capacity: bool, incidents: bool) -> None:
    """Tell the jurisdiction when enrolment exceeds the filed seats, or incidents are reported."""
    institution = report.institution
    parts = []
    if over_capacity:
        parts.append(
            Text(
                _("%(enrolled)s children enrolled for %(seats)s filed seats"),
                {"enrolled": report.enrolled, "seats": report.seats_at_submission},
            )
        )
    if incidents:
        parts.append(Text(_("%(n)s incident(s) reported"), {"n": report.incidents}))
    if not parts:
        return
    notify(
        recipients=officials_of(institution.jurisdiction_id),
        message=_("%(institution)s, operating report %(month)s: %(what)s."),
        params={"institution": institution.name, "month": _month_label(report.period), "what": parts},
        url=reverse("institutions:report_detail", args=[report.pk]),
    )


@transaction.atomic
def submit_operating_report(
    *, institution: Institution, by: User, period: datetime.date, today: datetime.date | None = None, **figures
) -> OperatingReport:
    """The operator reports one month; the filed seats are taken from the institution's classes now."""
    if not is_member(by, institution):
        raise PermissionDenied(REPORT_NOT_YOURS)
    today = today or timezone.localdate()
    period = month_start(period)
    if institution.status not in REPORT_ALLOWED_STATUSES:
        raise ValidationError(
            REPORT_NOT_OPEN,
            code="not_open",
            params={"institution": institution.name, "status": institution.get_status_display()},
        )
    if period > month_start(today):
        raise ValidationError(
            {"period": ValidationError(REPORT_FUTURE, code="future", params={"month": _month_label(period)})}
        )
    _lock(institution)
    if OperatingReport.objects.filter(institution=institution, period=period).exists():
        raise ValidationError(
            {
                "period": ValidationError(
                    REPORT_DUPLICATE,
                    code="duplicate",
                    params={"institution": institution.name, "month": _month_label(period)},
                )
            }
        )
    unknown = set(figures) - set(REPORT_FIGURE_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    report = OperatingReport(
        institution=institution,
        period=period,
        submitted_by=by,
        seats_at_submission=_total_seats(institution),
        **figures,
    )
    _check_figures(report)
    report._history_user = by
    report.full_clean()
    report.save()
    _alert_officials(report, over_capacity=report.over_capacity, incidents=bool(report.incidents))
    return report


@transaction.atomic
def correct_operating_report(
    *, report: OperatingReport, by: User, today: datetime.date | None = None, **figures
) -> OperatingReport:
    """Correct a report until the end of the following month; the earlier figures stay in its history.

    The seats stay those filed when the month was first reported.
    """
    if not is_member(by, report.institution):
        raise PermissionDenied(REPORT_NOT_YOURS)
    today = today or timezone.localdate()
    if not can_correct_report(by, report, today):
        raise ValidationError(
            REPORT_LOCKED,
            code="locked",
            params={
                "month": _month_label(report.period),
                "date": report_correctable_until(report.period).isoformat(),
            },
        )
    was_over, incidents_before = report.over_capacity, report.incidents
    assign(report, figures, REPORT_FIGURE_FIELDS)
    _check_figures(report)
    report._history_user = by
    report.full_clean()
    report.save()
    _alert_officials(
        report,
        over_capacity=report.over_capacity and not was_over,
        incidents=report.incidents > incidents_before,
    )
    return report
