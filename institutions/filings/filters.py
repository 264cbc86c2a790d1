"""Filters of the reviewers' work list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.lists import NO, YES, NullsLastOrderingFilter
from institutions.choices import UNDER_REVIEW_STATUSES, Category, FilingKind, FilingStatus
from institutions.models import Filing


def overdue_q(today) -> Q:
    """Filings whose deadline has passed while a reviewer still holds them."""
    return Q(due_date__lt=today, status__in=UNDER_REVIEW_STATUSES)


class FilingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or credit code"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in FilingStatus.choices if c[0] != FilingStatus.DRAFT]
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FilingKind.choices)
    category = django_filters.ChoiceFilter(
        label=_("Category"), field_name="institution__category", choices=Category.choices
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted to"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[(YES, _("Overdue only")), (NO, _("Not overdue"))], method="filter_overdue"
    )
    ordering = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("due_date", "due"),
            ("submitted_at", "submitted"),
            ("institution__name", "institution"),
            ("status", "status"),
        ),
        field_labels={
            "due_date": _("Deadline"),
            "submitted_at": _("Submitted"),
            "institution__name": _("Institution"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Filing
        fields = ["q", "status", "kind", "category", "jurisdiction", "submitted_from", "submitted_to", "overdue"]

    def __init__(self, *args, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # Choices come from the same scope as the rows: an official is offered only their own jurisdiction.
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__name__icontains=value)
            | Q(institution__uscc__iexact=value.upper())
            | Q(receipt_number__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if value == YES:
            return queryset.filter(overdue_q(self.today))
        if value == NO:
            return queryset.exclude(overdue_q(self.today))
        return queryset
