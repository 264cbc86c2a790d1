"""The filters of the downloads page: one FilterSet per export, on the list mechanism's scoped filters."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.core.lists import OverdueFilter, ScopedFilterSet, date_filter, jurisdiction_filter
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
from supervision.rectifications.selectors import overdue_q


class InspectionItemFilter(ScopedFilterSet):
    jurisdiction = jurisdiction_filter("inspection__institution__jurisdiction")
    date_from = date_filter(_("Inspected from"), "inspection__inspected_on", "gte")
    date_to = date_filter(_("Inspected to"), "inspection__inspected_on", "lte")
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="inspection__kind", choices=InspectionKind.choices)
    category = django_filters.ChoiceFilter(
        label=_("Checklist category"), field_name="item__category", choices=CheckCategory.choices
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)

    class Meta:
        model = ItemCheck
        fields = ["jurisdiction", "date_from", "date_to", "kind", "category", "outcome"]


class RectificationExportFilter(ScopedFilterSet):
    jurisdiction = jurisdiction_filter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    overdue = OverdueFilter(condition=overdue_q)
    deadline_from = date_filter(_("Deadline from"), "deadline", "gte")
    deadline_to = date_filter(_("Deadline to"), "deadline", "lte")

    class Meta:
        model = Rectification
        fields = ["jurisdiction", "status", "overdue", "deadline_from", "deadline_to"]


class FeeItemExportFilter(ScopedFilterSet):
    jurisdiction = jurisdiction_filter("schedule__institution__jurisdiction")
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
    jurisdiction = jurisdiction_filter()
    period_from = date_filter(_("Months from"), "period", "gte")
    period_to = date_filter(_("Months to"), "period", "lte")

    class Meta:
        model = OperatingReport
        fields = ["jurisdiction", "period_from", "period_to"]


class ComplaintExportFilter(ScopedFilterSet):
    jurisdiction = jurisdiction_filter("jurisdiction")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ComplaintStatus.choices)
    category = django_filters.ChoiceFilter(label=_("What it is about"), choices=ComplaintCategory.choices)
    received_from = date_filter(_("Received from"), "received_at", "date__gte")
    received_to = date_filter(_("Received to"), "received_at", "date__lte")

    class Meta:
        model = Complaint
        fields = ["jurisdiction", "status", "category", "received_from", "received_to"]
