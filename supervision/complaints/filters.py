from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.lists import NO, YES
from supervision.choices import COMPLAINT_STATUS_LABELS, ComplaintCategory, RiskLevel
from supervision.models import Complaint


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tracking code or institution"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=list(COMPLAINT_STATUS_LABELS.items()))
    risk_level = django_filters.ChoiceFilter(
        label=_("Risk level"),
        choices=[("none", _("Not triaged yet")), *RiskLevel.choices],
        method="filter_risk",
    )
    category = django_filters.ChoiceFilter(label=_("What it is about"), choices=ComplaintCategory.choices)
    jurisdiction = django_filters.ModelChoiceFilter(label=_("Jurisdiction"), queryset=Jurisdiction.objects.none())
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[(YES, _("Overdue only")), (NO, _("Not overdue"))], method="filter_overdue"
    )

    class Meta:
        model = Complaint
        fields = ["q", "status", "risk_level", "category", "jurisdiction", "overdue"]

    def __init__(self, *args, user=None, overdue_q=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.overdue_q = overdue_q
        # Choices come from the same scope as the rows: an official is offered only their own jurisdiction.
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = "".join(ch for ch in value.upper() if ch.isalnum())
        return queryset.filter(
            Q(tracking_code=code) | Q(institution__name__icontains=value) | Q(institution_name__icontains=value)
        )

    def filter_risk(self, queryset, name, value):
        if value == "none":
            return queryset.filter(risk_level="")
        return queryset.filter(risk_level=value)

    def filter_overdue(self, queryset, name, value):
        if self.overdue_q is None:
            return queryset
        if value == YES:
            return queryset.filter(self.overdue_q)
        if value == NO:
            return queryset.exclude(self.overdue_q)
        return queryset
