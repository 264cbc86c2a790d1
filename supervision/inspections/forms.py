"""Forms of inspections: starting one and the on-site form. `status` is in none of them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from supervision.choices import INSPECTABLE_STATUSES, InspectionKind, InspectionMode, MemberDepartment, Outcome
from supervision.inspections.services import JOINT_NEEDS_DEPARTMENTS

# Photos from the phone's camera or gallery, or a PDF scan; the server judges the content, never this list.
EVIDENCE_ACCEPT = "image/*,application/pdf,.pdf"


def upload_help() -> str:
    return _("Photos (JPG or PNG) or PDF scans, at most %(max)s each.") % {
        "max": filesizeformat(settings.MAX_UPLOAD_BYTES)
    }


class InspectionHeaderForm(forms.Form):
    """What kind of inspection, when, and who took part."""

    mode = forms.ChoiceField(label=_("Announced?"), choices=InspectionMode.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices, widget=forms.RadioSelect)
    departments = forms.MultipleChoiceField(
        label=_("Member departments taking part"),
        choices=MemberDepartment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Required for a joint inspection."),
    )
    inspected_on = forms.DateField(
        label=_("Date of inspection"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    inspectors = forms.CharField(
        label=_("Inspectors"), max_length=200, required=False, help_text=_("Names of everyone who inspected.")
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == InspectionKind.JOINT and not data.get("departments"):
            self.add_error("departments", JOINT_NEEDS_DEPARTMENTS)
        return data


class InspectionCreateForm(InspectionHeaderForm):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())

    field_order = ["institution", "mode", "kind", "departments", "inspected_on", "inspectors"]

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("inspected_on", timezone.localdate())
        kwargs["initial"].setdefault("mode", InspectionMode.UNANNOUNCED)
        kwargs["initial"].setdefault("kind", InspectionKind.ROUTINE)
        super().__init__(*args, **kwargs)
        # Only institutions this official may inspect are offered.
        self.fields["institution"].queryset = (
            Institution.objects.for_user(user).filter(status__in=INSPECTABLE_STATUSES).order_by("name")
        )


class InspectionDraftForm(InspectionHeaderForm):
    """The header and every item's outcome and note, for the form used on site."""

    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = list(checks)
        for check in self.checks:
            self.fields[f"outcome_{check.pk}"] = forms.ChoiceField(
                label=str(check.item), choices=Outcome.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.initial.setdefault(f"outcome_{check.pk}", check.outcome)
            self.initial.setdefault(f"note_{check.pk}", check.note)

    def header(self) -> dict:
        names = ("mode", "kind", "departments", "inspected_on", "inspectors", "summary")
        return {name: self.cleaned_data[name] for name in names}

    def answers(self) -> list[dict]:
        """The items this page gave an answer to that differs from what is saved.

        An item left blank here is not an answer: the page may be older than another inspector's save, and a
        blank must not wipe what they recorded. (A radio choice cannot be taken back anyway.)
        """
        answers = []
        for check in self.checks:
            outcome = self.cleaned_data.get(f"outcome_{check.pk}") or ""
            note = (self.cleaned_data.get(f"note_{check.pk}") or "").strip()
            if not outcome and not note:
                continue
            outcome = outcome or check.outcome
            if (outcome, note) != (check.outcome, check.note):
                answers.append({"check": check, "outcome": outcome, "note": note})
        return answers
