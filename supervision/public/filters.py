"""The public register's search and filters, as a FilterSet over RegisterFilterForm (the list mechanism's shape)."""

from __future__ import annotations

from baodi_care.core.lists import ScopedFilterSet
from supervision.public import selectors
from supervision.public.forms import RegisterFilterForm


class RegisterFilter(ScopedFilterSet):
    """The form's fields, applied together by selectors.filter_register (filed facts, not live ones)."""

    class Meta:
        form = RegisterFilterForm
        fields = []

    def filter_queryset(self, queryset):
        return selectors.filter_register(queryset, **self.form.filters())
