"""The register's list filters (django-filter); every list of institutions shares the name and jurisdiction search."""

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.core.lists import NullsLastOrderingFilter, ScopedFilterSet, SearchFilter, jurisdiction_filter
from institutions.choices import Category, InstitutionStatus
from institutions.models import Institution


class InstitutionSearchFilter(ScopedFilterSet):
    """Name or credit code, and jurisdiction: the filters of every list of institutions."""

    q = SearchFilter(label=_("Name or credit code"), lookups=("name__icontains", "uscc__iexact"))
    jurisdiction = jurisdiction_filter("jurisdiction")

    class Meta:
        model = Institution
        fields = ["q", "jurisdiction"]


class InstitutionFilter(InstitutionSearchFilter):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InstitutionStatus.choices)
    # Granted by the commission (institutions/designations/): the status in force now.
    is_inclusive = django_filters.BooleanFilter(label=_("Inclusive (普惠)"))
    is_demonstration = django_filters.BooleanFilter(label=_("Demonstration (示范)"))
    ordering = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("jurisdiction__code", "jurisdiction"), ("updated_at", "updated")),
        field_labels={"name": _("Name"), "jurisdiction__code": _("Jurisdiction"), "updated_at": _("Last updated")},
    )

    class Meta:
        model = Institution
        fields = ["q", "jurisdiction", "category", "status", "is_inclusive", "is_demonstration"]
