"""Fee disclosures (收费公示) and monthly operating reports (运营情况报送): every write goes through here.

A fee disclosure is versioned per institution: the operator prepares a draft, publishes it, and the version
published before becomes superseded. Nothing published is ever edited; a change is a new version.

An operating report covers one month (管理规范 Art. 12). It is due by the 10th of the following month and the
operator may correct it until the end of that month; every correction is kept in the report's history.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.services import notify

from .choices import ClassType, FeeScheduleStatus, FeeType, InstitutionStatus
from .models import FeeItem, FeeSchedule, Institution, OperatingReport
from .permissions import can_edit_institution, is_member
from .services import INSTITUTION_CLOSED

# --- Messages (tests assert them) ----------------------------------------------------------------

FEE_NOT_YOURS = _("Only the institution's own operators can change its fee disclosure.")
FEE_NOT_EDITABLE = _(
    "Version %(version)s is “%(status)s”: a published fee disclosure is never changed. Start a new version instead."
)
FEE_NO_ITEMS = _("List at least one fee item before publishing.")
FEE_NO_CARE_ITEM = _("List the childcare fee (托育费/保育费): at least one item must be of that type.")
FEE_NEGATIVE_AMOUNT = _("An amount cannot be negative.")
FEE_VALID_TO_BEFORE_FROM = _("The end of validity cannot be before its start.")
FEE_RULES_REQUIRED = _("State the rules before publishing.")

REPORT_NOT_YOURS = _("Only the institution's own operators can report its operation.")
REPORT_NOT_OPEN = _("%(institution)s is “%(status)s”: operating reports start once the institution is filed.")
REPORT_FUTURE = _("%(month)s has not begun yet; a report covers a month that has started.")
REPORT_DUPLICATE = _(
    "%(institution)s has already reported %(month)s. Open that report to correct it; a month is reported once."
)
REPORT_LOCKED = _("The report for %(month)s could be corrected until %(date)s; it is closed now.")
REPORT_CAREGIVERS_EXCEED_STAFF = _("Caregivers are part of the staff: they cannot outnumber the staff on duty.")
REPORT_INCIDENT_NOTES = _("Say what happened in the incidents reported.")

# Institutions that operate and must report every month. A suspended one may still report (e.g. the month
# it was suspended in) but is not chased for it.
REPORTING_STATUSES = (InstitutionStatus.FILED, InstitutionStatus.CHANGE_PENDING)
REPORT_ALLOWED_STATUSES = (*REPORTING_STATUSES, InstitutionStatus.SUSPENDED)
# A report for month M is due by this day of month M+1.
REPORT_DUE_DAY = 10

FEE_SCHEDULE_FIELDS = ("valid_from", "valid_to", "review_months", "refund_rules", "advance_payment_rules")
FEE_ITEM_FIELDS = ("fee_type", "name", "class_type", "service_form", "amount", "unit", "note")
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


# --- Months --------------------------------------------------------------------------------------


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


def report_due_date(period: datetime.date) -> datetime.date:
    """A report for month M is due by the 10th of month M+1."""
    return add_months(month_start(period), 1).replace(day=REPORT_DUE_DAY)


def report_correctable_until(period: datetime.date) -> datetime.date:
    """The last day a report may be corrected: the end of the month after the one it covers."""
    following = add_months(month_start(period), 1)
    return following.replace(day=calendar.monthrange(following.year, following.month)[1])


def can_correct_report(user, report: OperatingReport, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return is_member(user, report.institution) and today <= report_correctable_until(report.period)


def can_edit_fee_schedule(user, schedule: FeeSchedule) -> bool:
    return schedule.status == FeeScheduleStatus.DRAFT and can_edit_institution(user, schedule.institution)


def _require_fee_editor(by: User, institution: Institution) -> None:
    """Members only (others have no business here); a deregistered institution's disclosure is frozen."""
    if not is_member(by, institution):
        raise PermissionDenied(FEE_NOT_YOURS)
    if not can_edit_institution(by, institution):
        raise ValidationError(INSTITUTION_CLOSED, code="closed")


# --- Helpers ---------------------------------------------------------------------------------------


def _lock(institution: Institution) -> None:
    """Serialise writes per institution (version numbers, one published version, one report a month)."""
    Institution.objects.select_for_update().filter(pk=institution.pk).first()


def _officials(institution: Institution):
    return User.objects.filter(role=Role.OFFICIAL, jurisdiction_id=institution.jurisdiction_id, is_active=True)


def _month_label(period: datetime.date) -> str:
    return f"{period:%Y-%m}"


# --- Fee disclosures ---------------------------------------------------------------------------------


@transaction.atomic
def start_fee_schedule(
    *, institution: Institution, by: User, copy_current: bool = True, today: datetime.date | None = None
) -> tuple[FeeSchedule, bool]:
    """Open the next version as a draft, prefilled from the published one (or empty).

    Returns (draft, created): an institution has at most one draft, and a second click finds the first.
    """
    _require_fee_editor(by, institution)
    _lock(institution)
    draft = institution.fee_schedules.filter(status=FeeScheduleStatus.DRAFT).first()
    if draft:
        return draft, False
    today = today or timezone.localdate()
    last = institution.fee_schedules.aggregate(n=Max("version"))["n"] or 0
    current = institution.fee_schedules.filter(status=FeeScheduleStatus.PUBLISHED).first()
    schedule = FeeSchedule(institution=institution, version=last + 1, valid_from=today, created_by=by)
    if copy_current and current:
        schedule.review_months = current.review_months
        schedule.refund_rules = current.refund_rules
        schedule.advance_payment_rules = current.advance_payment_rules
        if current.valid_to and current.valid_to >= today:
            schedule.valid_to = current.valid_to
    schedule._history_user = by
    # An empty draft has no rules yet; they are required when it is saved and published.
    schedule.full_clean(exclude=["refund_rules", "advance_payment_rules"])
    schedule.save()
    if copy_current and current:
        FeeItem.objects.bulk_create(
            FeeItem(schedule=schedule, **{name: getattr(item, name) for name in FEE_ITEM_FIELDS})
            for item in current.items.all()
        )
    return schedule, True


def _require_draft(schedule: FeeSchedule, by: User) -> None:
    """Refuse anyone but the operators, and any version that is no longer a draft (read under the lock)."""
    _require_fee_editor(by, schedule.institution)
    _lock(schedule.institution)
    status = FeeSchedule.objects.values_list("status", flat=True).get(pk=schedule.pk)
    if status != FeeScheduleStatus.DRAFT:
        raise ValidationError(
            FEE_NOT_EDITABLE,
            code="not_editable",
            params={"version": schedule.version, "status": FeeScheduleStatus(status).label},
        )


def _check_dates(schedule: FeeSchedule) -> None:
    if schedule.valid_to and schedule.valid_from and schedule.valid_to < schedule.valid_from:
        raise ValidationError({"valid_to": ValidationError(FEE_VALID_TO_BEFORE_FROM, code="valid_to_before_from")})


def _build_item(schedule: FeeSchedule, spec: dict) -> FeeItem:
    unknown = set(spec) - set(FEE_ITEM_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    item = FeeItem(schedule=schedule, **spec)
    if item.amount is not None and Decimal(item.amount) < 0:
        raise ValidationError({"amount": ValidationError(FEE_NEGATIVE_AMOUNT, code="negative_amount")})
    item.full_clean()
    return item


@transaction.atomic
def save_fee_schedule(
    *,
    schedule: FeeSchedule,
    by: User,
    items: list[dict],
    publish: bool = False,
    now: datetime.datetime | None = None,
    **fields,
) -> FeeSchedule:
    """Save a draft's rules, dates and items (the items replace the draft's), and publish it if asked.

    One transaction: if publishing is refused, nothing of this save is kept either.
    """
    _require_draft(schedule, by)
    for name, value in fields.items():
        if name not in FEE_SCHEDULE_FIELDS:
            raise ValueError(name)
        setattr(schedule, name, value)
    _check_dates(schedule)
    schedule._history_user = by
    schedule.full_clean()
    built = [_build_item(schedule, spec) for spec in items]
    schedule.save()
    schedule.items.all().delete()
    FeeItem.objects.bulk_create(built)
    if publish:
        publish_fee_schedule(schedule=schedule, by=by, now=now)
    return schedule


def check_publishable(schedule: FeeSchedule) -> None:
    """Everything a published disclosure must have; raises one ValidationError naming the fields."""
    errors: dict[str, list] = {}
    try:
        schedule.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    for name in ("refund_rules", "advance_payment_rules"):
        if not (getattr(schedule, name) or "").strip():
            errors.setdefault(name, [FEE_RULES_REQUIRED])
    try:
        _check_dates(schedule)
    except ValidationError as exc:
        errors.setdefault("valid_to", []).extend(exc.message_dict["valid_to"])
    items = list(schedule.items.all())
    if not items:
        errors.setdefault("__all__", []).append(FEE_NO_ITEMS)
    elif not any(item.fee_type == FeeType.CARE for item in items):
        errors.setdefault("__all__", []).append(FEE_NO_CARE_ITEM)
    if any(item.amount < 0 for item in items):
        errors.setdefault("amount", []).append(FEE_NEGATIVE_AMOUNT)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_fee_schedule(*, schedule: FeeSchedule, by: User, now: datetime.datetime | None = None) -> FeeSchedule:
    """Publish a draft: it becomes the current disclosure and the version published before is superseded."""
    _require_draft(schedule, by)
    institution = schedule.institution
    check_publishable(schedule)
    now = now or timezone.now()
    for previous in institution.fee_schedules.filter(status=FeeScheduleStatus.PUBLISHED).exclude(pk=schedule.pk):
        previous.status = FeeScheduleStatus.SUPERSEDED
        previous._history_user = by
        previous.save(update_fields=["status"])
    schedule.status = FeeScheduleStatus.PUBLISHED
    schedule.published_at = now
    schedule.published_by = by
    schedule._history_user = by
    schedule.save(update_fields=["status", "published_at", "published_by"])
    return schedule


# --- Operating reports ---------------------------------------------------------------------------------


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
            _("%(enrolled)s children enrolled for %(seats)s filed seats")
            % {"enrolled": report.enrolled, "seats": report.seats_at_submission}
        )
    if incidents:
        parts.append(_("%(n)s incident(s) reported") % {"n": report.incidents})
    if not parts:
        return
    notify(
        recipients=_officials(institution),
        message=_("%(institution)s, operating report %(month)s: %(what)s.")
        % {"institution": institution.name, "month": _month_label(report.period), "what": "; ".join(map(str, parts))},
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
    for name, value in figures.items():
        if name not in REPORT_FIGURE_FIELDS:
            raise ValueError(name)
        setattr(report, name, value)
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


def due_operating_reports(
    today: datetime.date | None = None, *, institutions=None
) -> list[tuple[Institution, datetime.date]]:
    """(institution, month) pairs whose report for the previous month is missing.

    Before the due day they are due; after it, overdue (see report_due_date). `institutions` narrows the
    search (e.g. an operator's own); by default the whole district's operating institutions.
    """
    today = today or timezone.localdate()
    period = previous_month(today)
    qs = Institution.objects.all() if institutions is None else institutions
    rows = (
        qs.filter(status__in=REPORTING_STATUSES)
        .exclude(operating_reports__period=period)
        .select_related("jurisdiction")
        .order_by("jurisdiction__code", "name", "pk")
    )
    return [(institution, period) for institution in rows]
