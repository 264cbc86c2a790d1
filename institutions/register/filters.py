import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category, InstitutionStatus
from institutions.models import Institution


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or credit code"), method="search")
    jurisdiction = django_filters.ModelChoiceFilter(label=_("Jurisdiction"), queryset=Jurisdiction.objects.none())
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InstitutionStatus.choices)
    is_inclusive = django_filters.BooleanFilter(label=_("Inclusive (普惠)"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("jurisdiction__code", "jurisdiction"), ("updated_at", "updated")),
        field_labels={"name": _("Name"), "jurisdiction__code": _("Jurisdiction"), "updated_at": _("Last updated")},
    )

    class Meta:
        model = Institution
        fields = ["q", "jurisdiction", "category", "status", "is_inclusive"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the same scope as the rows: an official is offered only their own jurisdiction.
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(uscc__iexact=value.upper()))
