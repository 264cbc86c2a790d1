"""The staff accounts list's filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import User
from baodi_care.accounts.staff.selectors import LISTED_ROLES
from baodi_care.core.lists import NullsLastOrderingFilter, ScopedFilterSet, SearchFilter, jurisdiction_filter


class StaffFilter(ScopedFilterSet):
    q = SearchFilter(
        label=_("Name, user name or e-mail"),
        lookups=("full_name__icontains", "username__icontains", "email__icontains", "department__icontains"),
    )
    jurisdiction = jurisdiction_filter("jurisdiction")
    is_active = django_filters.BooleanFilter(label=_("Active"))
    ordering = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(("username", "username"), ("full_name", "full_name"), ("jurisdiction__code", "jurisdiction")),
        field_labels={"username": _("User name"), "full_name": _("Name"), "jurisdiction__code": _("Jurisdiction")},
    )

    class Meta:
        model = User
        fields = ["q", "jurisdiction", "is_active"]


ROLE_TABS = [(role, label) for role, label in User._meta.get_field("role").choices if role in LISTED_ROLES]
