"""List pages: filters, sorting and pagination shared by every work list."""

from __future__ import annotations

import django_filters
from django.db.models import F


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Sorting that keeps rows without a date at the end either way, with a stable tie-break."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        return F(name).desc(nulls_last=True) if value.startswith("-") else F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


# The values of a yes/no filter (overdue only / not overdue) in list query strings.
YES, NO = "yes", "no"
