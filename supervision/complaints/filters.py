"""The filters of the officials' complaint list (django-filter); the open/overdue counts are its badges."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.core.lists import OverdueFilter, ScopedFilterSet, SearchFilter, jurisdiction_filter
from supervision.choices import COMPLAINT_STATUS_LABELS, ComplaintCategory, RiskLevel
from supervision.complaints.selectors import overdue_q
from supervision.models import Complaint


def tracking_code(text: str) -> str:
    """A tracking code as typed (lower case, spaces, dashes) in the form it is stored."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class ComplaintFilter(ScopedFilterSet):
    q = SearchFilter(
        label=_("Tracking code or institution"),
        lookups=(("tracking_code", tracking_code), "institution__name__icontains", "institution_name__icontains"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=list(COMPLAINT_STATUS_LABELS.items()))
    risk_level = django_filters.ChoiceFilter(
        label=_("Risk level"),
        choices=[("none", _("Not triaged yet")), *RiskLevel.choices],
        method="filter_risk",
    )
    category = django_filters.ChoiceFilter(label=_("What it is about"), choices=ComplaintCategory.choices)
    jurisdiction = jurisdiction_filter("jurisdiction")
    overdue = OverdueFilter(condition=overdue_q)

    class Meta:
        model = Complaint
        fields = ["q", "status", "risk_level", "category", "jurisdiction", "overdue"]

    def filter_risk(self, queryset, name, value):
        if value == "none":
            return queryset.filter(risk_level="")
        return queryset.filter(risk_level=value)
