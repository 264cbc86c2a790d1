"""Forms for fee disclosures: a version's dates and rules, and its items as a formset. Services save what they parse."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from baodi_care.core.forms import DateInput
from institutions.choices import FeeType
from institutions.fees.services import (
    FEE_ITEM_FIELDS,
    FEE_NEGATIVE_AMOUNT,
    FEE_NO_CARE_ITEM,
    FEE_NO_ITEMS,
    FEE_SCHEDULE_FIELDS,
    FEE_VALID_TO_BEFORE_FROM,
)
from institutions.models import FeeItem, FeeSchedule


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
