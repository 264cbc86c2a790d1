"""The operating report form and its month input."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.core.dates import month_start
from institutions.models import OperatingReport
from institutions.reports.services import (
    REPORT_CAREGIVERS_EXCEED_STAFF,
    REPORT_FIGURE_FIELDS,
    REPORT_FUTURE,
    REPORT_INCIDENT_NOTES,
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
