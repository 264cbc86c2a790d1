"""The filters of the rectification ledger (django-filter); its status is the ledger's tabs."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.core.lists import OverdueFilter, ScopedFilterSet, SearchFilter, jurisdiction_filter
from supervision.choices import CheckCategory
from supervision.models import Rectification
from supervision.rectifications.selectors import overdue_q


class RectificationFilter(ScopedFilterSet):
    """The ledger's filters; its status is the ledger's tabs."""

    q = SearchFilter(label=_("Institution"), lookups=("institution__name__icontains",))
    overdue = OverdueFilter(condition=overdue_q)
    category = django_filters.ChoiceFilter(
        label=_("Checklist category"), field_name="item_check__item__category", choices=CheckCategory.choices
    )
    jurisdiction = jurisdiction_filter()

    class Meta:
        model = Rectification
        fields = ["q", "overdue", "category", "jurisdiction"]
