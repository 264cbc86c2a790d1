from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.lists import NO, YES
from institutions.choices import ClassType, FeeScheduleStatus, FeeType
from institutions.models import FeeItem, OperatingReport
from supervision.choices import (
    CheckCategory,
    ComplaintCategory,
    ComplaintStatus,
    InspectionKind,
    Outcome,
    RectificationStatus,
)
from supervision.models import Complaint, ItemCheck, Rectification


def _date_filter(label, field_name: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label, field_name=field_name, lookup_expr=lookup, widget=forms.DateInput(attrs={"type": "date"})
    )


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose jurisdiction choices are the user's (an official is offered only their own)."""

    jurisdiction_field = "institution__jurisdiction"

    def __init__(self, data=None, queryset=None, *, user=None, today: datetime.date | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.today = today or timezone.localdate()
        if "jurisdiction" in self.filters:
            self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")


class InspectionItemFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"),
        field_name="inspection__institution__jurisdiction",
        queryset=Jurisdiction.objects.none(),
    )
    date_from = _date_filter(_("Inspected from"), "inspection__inspected_on", "gte")
    date_to = _date_filter(_("Inspected to"), "inspection__inspected_on", "lte")
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="inspection__kind", choices=InspectionKind.choices)
    category = django_filters.ChoiceFilter(
        label=_("Checklist category"), field_name="item__category", choices=CheckCategory.choices
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)

    class Meta:
        model = ItemCheck
        fields = ["jurisdiction", "date_from", "date_to", "kind", "category", "outcome"]


class RectificationExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[(YES, _("Overdue only")), (NO, _("Not overdue"))], method="filter_overdue"
    )
    deadline_from = _date_filter(_("Deadline from"), "deadline", "gte")
    deadline_to = _date_filter(_("Deadline to"), "deadline", "lte")

    class Meta:
        model = Rectification
        fields = ["jurisdiction", "status", "overdue", "deadline_from", "deadline_to"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=RectificationStatus.OPEN, deadline__lt=self.today)
        if value == YES:
            return queryset.filter(overdue)
        if value == NO:
            return queryset.exclude(overdue)
        return queryset


class FeeItemExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="schedule__institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="schedule__status",
        choices=[(s.value, s.label) for s in (FeeScheduleStatus.PUBLISHED, FeeScheduleStatus.SUPERSEDED)],
    )
    fee_type = django_filters.ChoiceFilter(label=_("Fee type"), choices=FeeType.choices)
    class_type = django_filters.ChoiceFilter(label=_("Class type"), choices=ClassType.choices)

    class Meta:
        model = FeeItem
        fields = ["jurisdiction", "status", "fee_type", "class_type"]


class OperatingReportExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    period_from = _date_filter(_("Months from"), "period", "gte")
    period_to = _date_filter(_("Months to"), "period", "lte")

    class Meta:
        model = OperatingReport
        fields = ["jurisdiction", "period_from", "period_to"]


class ComplaintExportFilter(ScopedFilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="jurisdiction", queryset=Jurisdiction.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ComplaintStatus.choices)
    category = django_filters.ChoiceFilter(label=_("What it is about"), choices=ComplaintCategory.choices)
    received_from = _date_filter(_("Received from"), "received_at", "date__gte")
    received_to = _date_filter(_("Received to"), "received_at", "date__lte")

    class Meta:
        model = Complaint
        fields = ["jurisdiction", "status", "category", "received_from", "received_to"]
