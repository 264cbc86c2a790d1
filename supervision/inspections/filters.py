from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from supervision.choices import (
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)
from supervision.models import Inspection


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Institution"), field_name="institution__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InspectionResult.choices)
    kind = django_filters.ChoiceFilter(label=_("Inspection kind"), choices=InspectionKind.choices)
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )

    class Meta:
        model = Inspection
        fields = ["q", "status", "result", "kind", "jurisdiction"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")
