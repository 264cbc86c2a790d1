from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.lists import NO, YES
from supervision.choices import (
    CheckCategory,
    RectificationStatus,
)
from supervision.models import Rectification
from supervision.rectifications.selectors import overdue_q


class RectificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Institution"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[(YES, _("Overdue only")), (NO, _("Not overdue"))], method="filter_overdue"
    )
    category = django_filters.ChoiceFilter(
        label=_("Checklist category"), field_name="item_check__item__category", choices=CheckCategory.choices
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )

    class Meta:
        model = Rectification
        fields = ["q", "status", "overdue", "category", "jurisdiction"]

    def __init__(self, *args, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(institution__name__icontains=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value == YES:
            return queryset.filter(overdue_q(self.today))
        if value == NO:
            return queryset.exclude(overdue_q(self.today))
        return queryset
