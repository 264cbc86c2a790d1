"""Forms for fee disclosures and operating reports. They parse and check input; services_fees saves it."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction

from .choices import FeeType
from .forms import DateInput
from .models import FeeItem, FeeSchedule, OperatingReport
from .selectors_fees import FeeState, ReportState
from .services_fees import (
    FEE_ITEM_FIELDS,
    FEE_NEGATIVE_AMOUNT,
    FEE_NO_CARE_ITEM,
    FEE_NO_ITEMS,
    FEE_SCHEDULE_FIELDS,
    FEE_VALID_TO_BEFORE_FROM,
    REPORT_CAREGIVERS_EXCEED_STAFF,
    REPORT_FIGURE_FIELDS,
    REPORT_FUTURE,
    REPORT_INCIDENT_NOTES,
    month_start,
)

MONTH_INVALID = _("Enter a month as YYYY-MM, e.g. 2026-03.")


class MonthInput(forms.DateInput):
    """<input type="month">: browsers send YYYY-MM (those without a month picker show a text box)."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "YYYY-MM", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month, stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y%m"]
    default_error_messages = {"invalid": MONTH_INVALID}

    def to_python(self, value):
        day = super().to_python(value)
        return month_start(day) if day else day


# --- Fee disclosures -----------------------------------------------------------------------------------


class FeeScheduleForm(forms.ModelForm):
    """Dates, review period and the refund and advance-payment rules of one version."""

    review_months = forms.IntegerField(
        label=capfirst(FeeSchedule._meta.get_field("review_months").verbose_name),
        help_text=FeeSchedule._meta.get_field("review_months").help_text,
        min_value=1,
        max_value=60,
        initial=12,
    )

    class Meta:
        model = FeeSchedule
        fields = list(FEE_SCHEDULE_FIELDS)
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "refund_rules": forms.Textarea(attrs={"rows": 3}),
            "advance_payment_rules": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "valid_to": _("Leave empty if open-ended."),
            "refund_rules": _("e.g. what is refunded for absence, illness or leaving, and how it is calculated."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", FEE_VALID_TO_BEFORE_FROM)
        return cleaned

    def schedule_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FEE_SCHEDULE_FIELDS}


class FeeItemForm(forms.ModelForm):
    class Meta:
        model = FeeItem
        fields = list(FEE_ITEM_FIELDS)
        widgets = {
            "amount": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "name": forms.TextInput(attrs={"placeholder": _("e.g. 全日托保育费")}),
        }
        # Explained once above the rows.
        help_texts = {"class_type": "", "service_form": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_type"].choices = [("", _("All classes")), *self.fields["class_type"].choices[1:]]
        self.fields["service_form"].choices = [("", _("All service forms")), *self.fields["service_form"].choices[1:]]

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(FEE_NEGATIVE_AMOUNT, code="negative_amount")
        return amount


class BaseFeeItemFormSet(forms.BaseFormSet):
    """The items of a draft; publishing also asks for at least one item and a childcare fee."""

    def __init__(self, *args, publishing: bool = False, **kwargs):
        self.publishing = publishing
        super().__init__(*args, **kwargs)

    def kept_forms(self) -> list:
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def clean(self):
        if any(self.errors) or not self.publishing:
            return
        items = [form.cleaned_data for form in self.kept_forms()]
        if not items:
            raise forms.ValidationError(FEE_NO_ITEMS, code="no_items")
        if not any(item.get("fee_type") == FeeType.CARE for item in items):
            raise forms.ValidationError(FEE_NO_CARE_ITEM, code="no_care_item")

    def items(self) -> list[dict]:
        return [{name: form.cleaned_data[name] for name in FEE_ITEM_FIELDS} for form in self.kept_forms()]


FeeItemFormSet = forms.formset_factory(
    FeeItemForm, formset=BaseFeeItemFormSet, extra=2, can_delete=True, max_num=100, validate_max=True
)


def fee_item_initial(schedule: FeeSchedule) -> list[dict]:
    return [{name: getattr(item, name) for name in FEE_ITEM_FIELDS} for item in schedule.items.all()]


class NewFeeScheduleForm(forms.Form):
    copy_current = forms.BooleanField(required=False)


# --- Operating reports ---------------------------------------------------------------------------------


class OperatingReportForm(forms.ModelForm):
    """One month's enrolment by class type, staff on duty and incidents."""

    period = MonthField(label=_("Month reported"))

    SECTIONS = (
        ("month", _("Month"), ("period",)),
        (
            "enrolment",
            _("Children enrolled by class type"),
            ("enrolled_infant", "enrolled_toddler", "enrolled_senior", "enrolled_mixed"),
        ),
        ("staff", _("Staff on duty"), ("staff_on_duty", "caregivers_on_duty")),
        ("incidents", _("Incidents"), ("incidents", "incident_notes")),
    )

    class Meta:
        model = OperatingReport
        fields = ["period", *REPORT_FIGURE_FIELDS]
        widgets = {"incident_notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "staff_on_duty": _("Everyone working at the institution this month, caregivers included."),
            "caregivers_on_duty": _("保育人员 looking after the children."),
        }

    def __init__(self, *args, today: datetime.date | None = None, with_period: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if not with_period:
            del self.fields["period"]
        for name in REPORT_FIGURE_FIELDS:
            if name != "incident_notes":
                self.fields[name].widget.attrs.update(min=0, inputmode="numeric")

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period > month_start(self.today):
            raise forms.ValidationError(REPORT_FUTURE, code="future", params={"month": f"{period:%Y-%m}"})
        return period

    def clean(self):
        cleaned = super().clean()
        staff, caregivers = cleaned.get("staff_on_duty"), cleaned.get("caregivers_on_duty")
        if staff is not None and caregivers is not None and caregivers > staff:
            self.add_error("caregivers_on_duty", REPORT_CAREGIVERS_EXCEED_STAFF)
        if cleaned.get("incidents") and not (cleaned.get("incident_notes") or "").strip():
            self.add_error("incident_notes", REPORT_INCIDENT_NOTES)
        return cleaned

    def sections(self) -> list[tuple[str, str, list]]:
        return [
            (key, title, [self[name] for name in names if name in self.fields]) for key, title, names in self.SECTIONS
        ]

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in REPORT_FIGURE_FIELDS}


# --- The official's lists ------------------------------------------------------------------------------


class _ScopeFilterForm(forms.Form):
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


class FeeStatusFilterForm(_ScopeFilterForm):
    state = forms.ChoiceField(label=_("Fee disclosure"), choices=[("", _("All")), *FeeState.choices], required=False)


class ReportStatusFilterForm(_ScopeFilterForm):
    month = MonthField(label=_("Month"), required=False)
    state = forms.ChoiceField(label=_("Report"), choices=[("", _("All")), *ReportState.choices], required=False)
