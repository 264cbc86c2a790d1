"""Form pieces every room uses: date inputs, the hidden version field, the scope filter of official lists."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction


class DateInput(forms.DateInput):
    """A browser date picker; the ISO format is what <input type="date"> reads and sends."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    """The version of the object the page showed: services refuse a decision taken on a stale page."""

    widget = forms.HiddenInput


class ScopeFilterForm(forms.Form):
    """Name/credit-code search and jurisdiction, for the officials' lists of institutions."""

    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    jurisdiction = forms.ModelChoiceField(label=_("Jurisdiction"), queryset=Jurisdiction.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")

    def value(self, name: str):
        """The cleaned value, or None when the field is empty or invalid (a bad filter never breaks the list)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)

    def narrow(self, institutions):
        """Apply the name/code search and the jurisdiction (not the state: its tabs count the states)."""
        text = (self.value("q") or "").strip()
        if text:
            institutions = institutions.filter(Q(name__icontains=text) | Q(uscc__iexact=text.upper()))
        jurisdiction = self.value("jurisdiction")
        if jurisdiction:
            institutions = institutions.filter(jurisdiction=jurisdiction)
        return institutions
