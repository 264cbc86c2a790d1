"""The filters of the inspection list (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.core.lists import ScopedFilterSet, SearchFilter, jurisdiction_filter
from supervision.choices import InspectionKind, InspectionResult, InspectionStatus
from supervision.models import Inspection


class InspectionFilter(ScopedFilterSet):
    q = SearchFilter(label=_("Institution"), lookups=("institution__name__icontains",))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InspectionResult.choices)
    kind = django_filters.ChoiceFilter(label=_("Inspection kind"), choices=InspectionKind.choices)
    jurisdiction = jurisdiction_filter()

    class Meta:
        model = Inspection
        fields = ["q", "status", "result", "kind", "jurisdiction"]
