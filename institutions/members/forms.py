"""Forms of the members room: a claim, its code, an official's decision, an invitation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.core.forms import TextField
from institutions.choices import ClaimMethod


class ClaimForm(forms.Form):
    uscc = forms.CharField(label=_("unified social credit code"), max_length=18, min_length=18)
    method = forms.ChoiceField(
        label=_("How do you prove the institution is yours?"), choices=ClaimMethod.choices,
        widget=forms.RadioSelect, initial=ClaimMethod.CODE,
    )  # fmt: skip

    def clean_uscc(self) -> str:
        return self.cleaned_data["uscc"].strip().upper()


class ClaimCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("code"), regex=r"^\s*\d{6}\s*$", max_length=8,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )  # fmt: skip


class ClaimDecisionForm(forms.Form):
    note = TextField(label=_("note (shown to the claimant)"), required=False, max_length=300, rows=2)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("colleague's e-mail"), max_length=150)
