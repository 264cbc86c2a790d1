"""The dashboard's filters (period, jurisdiction) and the commission's population table."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction
from supervision.statistics.scope import Filters, default_filters

# Dates outside these years are typing mistakes; they would also overflow the date arithmetic.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)

PERIOD_OUT_OF_RANGE = _("Choose a date between 2000 and 2100.")
PERIOD_REVERSED = _("The start of the period is after its end.")
FILTERS_IGNORED = _("Some filters could not be read, so the defaults are shown instead: %(errors)s")


class DashboardFilterForm(forms.Form):
    """Read from the query string. Whatever cannot be read falls back to its default (this year, all)."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.none(),
        required=False,
        empty_label=_("All jurisdictions"),
    )

    def __init__(self, data=None, *, user, today: datetime.date | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.defaults = default_filters(today or timezone.localdate())
        if user.role == Role.COMMISSION:
            self.fields["jurisdiction"].queryset = (
                Jurisdiction.objects.for_user(user).filter(is_active=True).order_by("code")
            )
        else:
            # An official's dashboard is their jurisdiction's: there is nothing to choose.
            del self.fields["jurisdiction"]

    def _in_range(self, name: str) -> datetime.date | None:
        value = self.cleaned_data.get(name)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(PERIOD_OUT_OF_RANGE, code="out_of_range")
        return value

    def clean_date_from(self):
        return self._in_range("date_from")

    def clean_date_to(self):
        return self._in_range("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(None, forms.ValidationError(PERIOD_REVERSED, code="reversed"))
        return cleaned

    def filters(self) -> Filters:
        """The filters in effect: what could be read, the default for the rest.

        One date alone stands for its calendar year's other end; neither (or a reversed pair) is this year.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            start = end = None
        if start and not end:
            end = datetime.date(start.year, 12, 31)
        elif end and not start:
            start = datetime.date(end.year, 1, 1)
        elif not start:
            start, end = self.defaults.start, self.defaults.end
        return Filters(start=start, end=end, jurisdiction=cleaned.get("jurisdiction"))

    def error_summary(self) -> str:
        """The reasons some filters were ignored, on one line (empty when all was read)."""
        if not self.is_bound or self.is_valid():
            return ""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return "; ".join(parts)


# More people than any sub-district or town could have: a typing mistake (and beyond some databases' integers).
MAX_POPULATION = 10_000_000


class PopulationForm(forms.ModelForm):
    population = forms.IntegerField(
        label=_("resident population"),
        required=False,
        min_value=0,
        max_value=MAX_POPULATION,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_POPULATION, "class": "form-control form-control-sm"}),
    )

    population_source = forms.CharField(
        label=_("source of the population figure"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    class Meta:
        model = Jurisdiction
        fields = ["population", "population_source"]


PopulationFormSet = forms.modelformset_factory(Jurisdiction, form=PopulationForm, extra=0, can_delete=False)
