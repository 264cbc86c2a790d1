"""The filters of the officials' report list (django-filter); the report state is its tabs."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from institutions.register.filters import InstitutionSearchFilter
from institutions.reports.forms import MonthField


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class ReportStatusFilter(InstitutionSearchFilter):
    # The month chooses the rows themselves (each institution with its report for that month: see the view);
    # it is a filter here so that the form shows it beside the others.
    month = MonthFilter(label=_("Month"), method="keep")

    class Meta(InstitutionSearchFilter.Meta):
        fields = ["month", "q", "jurisdiction"]

    def keep(self, queryset, name, value):
        return queryset
