"""The commission's form for a day of the holiday table."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import CalendarDay


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        labels = {"is_workday": _("This is a working day (调休 make-up day)")}
        help_texts = {"is_workday": _("Leave unticked for a holiday.")}

    def validate_unique(self):
        # The service words the duplicate-date error for the clerk.
        pass
