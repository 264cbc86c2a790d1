"""Forms for complaints: the public complaint form and the officials' step forms.

`status` is in none of them: every step goes through supervision.complaints.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.forms import TextField
from institutions.models import Institution
from supervision.choices import ComplaintCategory, RiskLevel
from supervision.complaints.services import (
    COMPLAINT_NOTE_REQUIRED,
    COMPLAINT_OUTCOME_REQUIRED,
    COMPLAINT_PLACE_REQUIRED,
)
from supervision.models import Inspection

PHONE_INVALID = _("Enter a phone number with digits only (spaces, dashes and a leading + are fine).")


class ComplaintForm(forms.Form):
    """A complaint from anyone: about a registered institution (chosen on its page) or any other place."""

    institution = forms.ModelChoiceField(queryset=Institution.objects.none(), required=False, widget=forms.HiddenInput)
    institution_name = forms.CharField(
        label=_("Name of the place"),
        max_length=100,
        required=False,
        help_text=_("The name it uses, or a description such as “home childcare on the 3rd floor”."),
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Sub-district or town where it is"),
        queryset=Jurisdiction.objects.filter(is_active=True).order_by("code"),
        required=False,
    )
    category = forms.ChoiceField(label=_("What is it about?"), choices=ComplaintCategory.choices)
    description = TextField(
        label=_("What happened"),
        rows=6,
        help_text=_("When and where it happened and what you saw. Please do not write children's full names."),
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=40, required=False)
    contact_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only the officials handling the complaint see your name and phone."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["institution"].queryset = institutions

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = phone.replace(" ", "").replace("-", "").removeprefix("+")
        if phone and not (digits.isdigit() and 5 <= len(digits) <= 15):
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("institution") and "institution" not in self.errors:
            if not (cleaned.get("institution_name") or "").strip():
                self.add_error("institution_name", COMPLAINT_PLACE_REQUIRED)
            if not cleaned.get("jurisdiction"):
                self.add_error("jurisdiction", COMPLAINT_PLACE_REQUIRED)
        return cleaned


class StepForm(forms.Form):
    """What every step carries: the version of the complaint the official looked at."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class TriageForm(StepForm):
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    note = TextField(label=_("Internal note (optional)"), required=False, rows=2)


class HandleForm(StepForm):
    note = TextField(
        label=_("What was done"),
        help_text=_("Internal: the complainant never sees this."),
        error_messages={"required": COMPLAINT_NOTE_REQUIRED},
    )


class CloseForm(StepForm):
    outcome = TextField(
        label=_("Outcome"),
        rows=4,
        help_text=_("The complainant reads this on the status page: no names of staff or children, no phone numbers."),
        error_messages={"required": COMPLAINT_OUTCOME_REQUIRED},
    )
    note = TextField(label=_("Internal note (optional)"), required=False, rows=2)


class LinkInspectionForm(StepForm):
    inspection = forms.ModelChoiceField(label=_("Inspection"), queryset=Inspection.objects.none())

    def __init__(self, *args, inspections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspections is not None:
            self.fields["inspection"].queryset = inspections
        self.fields["inspection"].label_from_instance = lambda i: (
            f"{i.inspected_on.isoformat()} · {i.get_kind_display()} · {i.get_status_display()}"
        )
