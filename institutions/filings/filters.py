"""Filters of the reviewers' work list (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baodi_care.core.lists import (
    NullsLastOrderingFilter,
    OverdueFilter,
    ScopedFilterSet,
    SearchFilter,
    date_filter,
    jurisdiction_filter,
)
from institutions.choices import UNDER_REVIEW_STATUSES, Category, FilingKind, FilingStatus
from institutions.models import Filing


def overdue_q(today) -> Q:
    """Filings with an Art. 9 clock past its date while a reviewer still holds them (the receipt clock always
    ends first, so its date decides)."""
    return Q(receipt_due__lt=today, status__in=UNDER_REVIEW_STATUSES)


class FilingFilter(ScopedFilterSet):
    q = SearchFilter(
        label=_("Name or credit code"),
        lookups=("institution__name__icontains", "institution__uscc__iexact", "receipt_number__icontains"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in FilingStatus.choices if c[0] != FilingStatus.DRAFT]
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FilingKind.choices)
    category = django_filters.ChoiceFilter(
        label=_("Category"), field_name="institution__category", choices=Category.choices
    )
    jurisdiction = jurisdiction_filter()
    submitted_from = date_filter(_("Submitted from"), "submitted_at", "date__gte")
    submitted_to = date_filter(_("Submitted to"), "submitted_at", "date__lte")
    overdue = OverdueFilter(condition=overdue_q)
    ordering = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("receipt_due", "due"),
            ("submitted_at", "submitted"),
            ("institution__name", "institution"),
            ("status", "status"),
        ),
        field_labels={
            "receipt_due": _("Deadline"),
            "submitted_at": _("Submitted"),
            "institution__name": _("Institution"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Filing
        fields = ["q", "status", "kind", "category", "jurisdiction", "submitted_from", "submitted_to", "overdue"]
