"""Reads for operating reports: due dates, who has reported a month, an institution's reports."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.dates import add_months, month_start, previous_month
from institutions.choices import REPORTING_STATUSES
from institutions.models import ClassGroup, Institution, OperatingReport
from institutions.permissions import is_member


def report_due_date(period: datetime.date) -> datetime.date:
    """A report for month M is due by the 10th of month M+1."""
    return add_months(month_start(period), 1).replace(day=settings.OPERATING_REPORT_DUE_DAY)


def report_correctable_until(period: datetime.date) -> datetime.date:
    """The last day a report may be corrected: the end of the month after the one it covers."""
    following = add_months(month_start(period), 1)
    return following.replace(day=calendar.monthrange(following.year, following.month)[1])


def can_correct_report(user, report: OperatingReport, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return is_member(user, report.institution) and today <= report_correctable_until(report.period)


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


class ReportState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    MISSING = "missing", _("Missing")
    OVER_CAPACITY = "over_capacity", _("Over capacity")


def report_status_list(*, user, period: datetime.date) -> QuerySet[Institution]:
    """The filed institutions of the user's scope with their report for `period` (report_state and figures)."""
    seats = (
        ClassGroup.objects.filter(institution=OuterRef("pk"))
        .order_by()
        .values("institution")
        .annotate(n=Sum("seats"))
        .values("n")
    )
    report = "month_report__"
    return (
        Institution.objects.for_user(user)
        .filter(status__in=REPORTING_STATUSES)
        .select_related("jurisdiction")
        .annotate(month_report=FilteredRelation("operating_reports", condition=Q(operating_reports__period=period)))
        .annotate(
            report_id=F(f"{report}id"),
            report_enrolled=F(f"{report}enrolled_infant")
            + F(f"{report}enrolled_toddler")
            + F(f"{report}enrolled_senior")
            + F(f"{report}enrolled_mixed"),
            report_seats=F(f"{report}seats_at_submission"),
            report_staff=F(f"{report}staff_on_duty"),
            report_caregivers=F(f"{report}caregivers_on_duty"),
            report_incidents=F(f"{report}incidents"),
            report_submitted_at=F(f"{report}submitted_at"),
            current_seats=Coalesce(Subquery(seats), 0),
        )
        .annotate(
            report_state=Case(
                When(report_id__isnull=True, then=Value(ReportState.MISSING.value)),
                When(report_enrolled__gt=F("report_seats"), then=Value(ReportState.OVER_CAPACITY.value)),
                default=Value(ReportState.REPORTED.value),
                output_field=CharField(),
            )
        )
        .order_by("jurisdiction__code", "name", "pk")
    )


def report_state_counts(institutions: QuerySet[Institution]) -> dict[str, int]:
    """{'all', 'reported', 'missing', 'over_capacity'} counts of an annotated list, in one query."""
    return institutions.order_by().aggregate(
        all=Count("pk"), **{state.value: Count("pk", filter=Q(report_state=state.value)) for state in ReportState}
    )


def institution_reports(*, user, institution: Institution) -> QuerySet[OperatingReport]:
    return (
        OperatingReport.objects.for_user(user)
        .filter(institution=institution)
        .select_related("submitted_by")
        .order_by("-period")
    )
