"""Forms of 普惠 and 示范 status: the operator's application, the commission's decision and its own grant or
withdrawal. They parse input only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.forms import DateInput, TextField
from institutions.choices import Designation


class ApplicationForm(forms.Form):
    designation = forms.ChoiceField(
        label=_("Status applied for"), choices=Designation.choices, widget=forms.RadioSelect
    )
    note = TextField(
        label=_("Note to the commission"),
        required=False,
        rows=3,
        help_text=_("What the commission should know: e.g. the fee level you commit to, or the documents you sent."),
    )


class DecisionForm(forms.Form):
    """A decision of the commission: its date and basis (依据)."""

    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput(), initial=timezone.localdate)
    basis = forms.CharField(
        label=_("Basis (依据)"),
        max_length=300,
        help_text=_("The document or meeting the decision rests on, with its number or date."),
    )


class ChangeForm(DecisionForm):
    """The commission grants or withdraws a status on its own initiative."""

    designation = forms.ChoiceField(label=_("Status"), choices=Designation.choices)

    field_order = ["designation", "decided_on", "basis"]
