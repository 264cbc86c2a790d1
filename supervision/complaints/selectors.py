"""Reads for the officials' complaint pages. Every function starts from Complaint.objects.for_user()."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from institutions.calendar.workdays import working_days_between
from institutions.models import CalendarDay
from supervision.choices import COMPLAINT_STATUS_LABELS, ComplaintStatus, RiskLevel
from supervision.models import Complaint, Inspection

# Most urgent first; a complaint nobody has triaged yet comes right after the high-risk ones.
URGENCY = {RiskLevel.URGENT: 0, RiskLevel.HIGH: 1, "": 2, RiskLevel.MEDIUM: 3, RiskLevel.LOW: 4}


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


def _window(today: datetime.date) -> datetime.date:
    # Statutory holidays are at most ~9 days in a row: this reaches far enough back for the limit.
    return today - datetime.timedelta(days=settings.COMPLAINT_HANDLING_WORKING_DAYS * 3 + 30)


def overdue_since(today: datetime.date) -> datetime.date:
    """A complaint received on or before this day has been open longer than the handling limit."""
    limit = settings.COMPLAINT_HANDLING_WORKING_DAYS
    overrides = _overrides(_window(today), today)
    day = today
    while working_days_between(day, today, overrides=overrides) <= limit:
        day -= datetime.timedelta(days=1)
    return day


def overdue_q(today: datetime.date) -> Q:
    """Open complaints received longer ago than the handling limit (in working days)."""
    boundary = overdue_since(today)
    start_of_next_day = timezone.make_aware(
        datetime.datetime.combine(boundary + datetime.timedelta(days=1), datetime.time())
    )
    return Q(received_at__lt=start_of_next_day) & ~Q(status=ComplaintStatus.CLOSED)


def complaint_list(*, user) -> QuerySet[Complaint]:
    """Complaints in the user's scope: open before closed, most urgent first, then the oldest first."""
    return (
        Complaint.objects.for_user(user)
        .select_related("institution", "jurisdiction")
        .annotate(
            closed_rank=Case(When(status=ComplaintStatus.CLOSED, then=Value(1)), default=Value(0)),
            urgency=Case(
                *[When(risk_level=level, then=Value(rank)) for level, rank in URGENCY.items()],
                default=Value(5),
                output_field=IntegerField(),
            ),
        )
        .order_by("closed_rank", "urgency", "received_at", "pk")
    )


def for_display(complaints: Iterable[Complaint], today: datetime.date) -> list[Complaint]:
    """Mark each complaint overdue or not and count its working days open, with one query for the page."""
    complaints = list(complaints)
    open_ones = [c for c in complaints if c.status != ComplaintStatus.CLOSED]
    overrides = {}
    if open_ones:
        first = min(timezone.localdate(c.received_at) for c in open_ones)
        overrides = _overrides(first, today)
    limit = settings.COMPLAINT_HANDLING_WORKING_DAYS
    for complaint in complaints:
        complaint.status_label = COMPLAINT_STATUS_LABELS[complaint.status]
        complaint.place = complaint.institution.name if complaint.institution_id else complaint.institution_name
        complaint.days_open = None
        complaint.overdue = False
        if complaint.status != ComplaintStatus.CLOSED:
            complaint.days_open = working_days_between(
                timezone.localdate(complaint.received_at), today, overrides=overrides
            )
            complaint.overdue = complaint.days_open > limit
    return complaints


def open_counts(*, user, today: datetime.date | None = None, overdue: Q | None = None) -> dict[str, int]:
    """Open complaints in the user's scope: how many, how many untriaged, urgent or overdue (one query)."""
    if overdue is None:
        overdue = overdue_q(today or timezone.localdate())
    open_q = ~Q(status=ComplaintStatus.CLOSED)
    return Complaint.objects.for_user(user).aggregate(
        open=Count("pk", filter=open_q),
        untriaged=Count("pk", filter=Q(status=ComplaintStatus.RECEIVED)),
        urgent=Count("pk", filter=open_q & Q(risk_level__in=[RiskLevel.URGENT, RiskLevel.HIGH])),
        overdue=Count("pk", filter=overdue),
    )


def linked_inspections(*, user, complaint: Complaint) -> QuerySet[Inspection]:
    return Inspection.objects.for_user(user).filter(complaint=complaint).order_by("-inspected_on", "-pk")


def linkable_inspections(*, user, complaint: Complaint) -> QuerySet[Inspection]:
    """Inspections of the institution complained about that no complaint claims yet."""
    if not complaint.institution_id:
        return Inspection.objects.none()
    return (
        Inspection.objects.for_user(user)
        .filter(institution_id=complaint.institution_id, complaint__isnull=True)
        .order_by("-inspected_on", "-pk")
    )
