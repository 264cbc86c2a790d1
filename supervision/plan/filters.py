"""The coverage list's filter (django-filter); which rows are due is its tabs."""

from __future__ import annotations

from baodi_care.core.lists import ScopedFilterSet, jurisdiction_filter
from institutions.models import Institution


class CoverageFilter(ScopedFilterSet):
    jurisdiction = jurisdiction_filter("jurisdiction")

    class Meta:
        model = Institution
        fields = ["jurisdiction"]
