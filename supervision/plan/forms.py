"""The commission's form for an inspection frequency: the district default, a category's or one institution's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.choices import Category
from institutions.models import Institution
from supervision.choices import INSPECTABLE_STATUSES
from supervision.plan.services import FREQUENCY_CHOICES

SCOPE_DISTRICT, SCOPE_CATEGORY, SCOPE_INSTITUTION = "district", "category", "institution"
PER_YEAR_CHOICES = [(n, n) for n in FREQUENCY_CHOICES]


class FrequencyForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[
            (SCOPE_DISTRICT, _("District default")),
            (SCOPE_CATEGORY, _("Institution category")),
            (SCOPE_INSTITUTION, _("One institution")),
        ],
        widget=forms.HiddenInput,
    )
    category = forms.ChoiceField(label=_("Institution category"), choices=Category.choices, required=False)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none(), required=False)
    per_year = forms.TypedChoiceField(label=_("Inspections per year"), choices=PER_YEAR_CHOICES, coerce=int)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (
            Institution.objects.for_user(user).filter(status__in=INSPECTABLE_STATUSES).order_by("name")
        )

    def clean(self):
        data = super().clean()
        if data.get("scope") == SCOPE_CATEGORY and not data.get("category"):
            self.add_error("category", _("Choose a category."))
        if data.get("scope") == SCOPE_INSTITUTION and not data.get("institution"):
            self.add_error("institution", _("Choose an institution."))
        return data
