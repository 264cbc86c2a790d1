"""The audit pages' filters: a date range, the user, and what each page has (action, outcome and address for the
security log; institution and type for a trail). Dates are days in local time, turned into a range of the indexed
time column."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.models import SecurityLog
from baodi_care.core.forms import DateInput
from baodi_care.core.lists import ScopedFilterSet, SearchFilter


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DayRangeFilterSet(ScopedFilterSet):
    """From / to (days, both included) on the time column `when_field`, and the user by name."""

    when_field = "at"
    start = django_filters.DateFilter(label=_("From"), method="filter_start", widget=DateInput)
    end = django_filters.DateFilter(label=_("To"), method="filter_end", widget=DateInput)

    def filter_start(self, queryset, name, value):
        return queryset.filter(**{f"{self.when_field}__gte": _day_start(value)})

    def filter_end(self, queryset, name, value):
        return queryset.filter(**{f"{self.when_field}__lt": _day_start(value + datetime.timedelta(days=1))})


class SecurityLogFilter(DayRangeFilterSet):
    user = SearchFilter(label=_("User"), lookups=("username__icontains", "user__full_name__icontains"))
    action = django_filters.ChoiceFilter(label=_("Action"), choices=SecurityAction.choices)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=SecurityOutcome.choices)
    address = django_filters.CharFilter(
        label=_("Address"),
        field_name="address",
        lookup_expr="startswith",
        help_text=_("The address, or its beginning (10.2.)"),
    )

    class Meta:
        model = SecurityLog
        fields = ["start", "end", "user", "action", "outcome", "address"]


class TrailFilter(DayRangeFilterSet):
    """A trail's filters; `trail` (trails.Trail) is set on the class the view makes for its trail."""

    trail = None
    user = django_filters.CharFilter(label=_("User"), method="filter_user")
    institution = django_filters.CharFilter(label=_("Institution (name or credit code)"), method="filter_institution")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=(), method="filter_type")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.when_field = self.trail.when
        self.filters["type"].extra["choices"] = [(value, str(label)) for value, label in self.trail.type_labels.items()]

    def filter_user(self, queryset, name, value):
        text = value.strip()
        who = self.trail.who
        return queryset.filter(Q(**{f"{who}__username__icontains": text}) | Q(**{f"{who}__full_name__icontains": text}))

    def filter_institution(self, queryset, name, value):
        by_name, by_code = self.trail.institution_lookups
        text = value.strip()
        return queryset.filter(Q(**{by_name: text}) | Q(**{by_code: text}))

    def filter_type(self, queryset, name, value):
        return queryset.filter(**{self.trail.type_field: value})
