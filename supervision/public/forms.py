"""Forms of the public pages: the register's search and filters, the complaint-status lookup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category, ServiceForm

FEE_RANGE_REVERSED = _("The lowest fee is above the highest fee.")


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    jurisdiction = forms.ModelChoiceField(
        label=_("Sub-district or town"),
        queryset=Jurisdiction.objects.filter(is_active=True).order_by("code"),
        required=False,
        empty_label=_("All"),
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("All")), *Category.choices], required=False)
    service_form = forms.ChoiceField(
        label=_("Service form"), choices=[("", _("All")), *ServiceForm.choices], required=False
    )
    fee_min = forms.DecimalField(
        label=_("Monthly fee from (yuan)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    fee_max = forms.DecimalField(
        label=_("Monthly fee up to (yuan)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    inclusive = forms.BooleanField(label=_("Inclusive (普惠) only"), required=False)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("fee_min"), cleaned.get("fee_max")
        if low is not None and high is not None and low > high:
            self.add_error("fee_max", FEE_RANGE_REVERSED)
        return cleaned

    def filters(self) -> dict:
        """The valid filters, ready for selectors_public.filter_register (a bad field is simply not applied)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if name in data and data[name] not in (None, "")}


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
