"""Forms of inspections, rectifications, checklists and the inspection plan. `status` is in none of them."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from institutions.choices import Category
from institutions.models import Institution

from .choices import (
    CheckCategory,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionStatus,
    MemberDepartment,
    Outcome,
    RectificationStatus,
)
from .models import ChecklistItem, Inspection, Rectification
from .selectors_inspections import overdue_q
from .services_inspections import FREQUENCY_CHOICES, INSPECTABLE_STATUSES, JOINT_NEEDS_DEPARTMENTS

# Photos from the phone's camera or gallery, or a PDF scan; the server judges the content, never this list.
EVIDENCE_ACCEPT = "image/*,application/pdf,.pdf"
YES, NO = "yes", "no"


def upload_help() -> str:
    return _("Photos (JPG or PNG) or PDF scans, at most %(max)s each.") % {
        "max": filesizeformat(settings.MAX_UPLOAD_BYTES)
    }


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput


# --- Inspections ----------------------------------------------------------------------------------------


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


# --- Rectifications -------------------------------------------------------------------------------------


class RectificationAnswerForm(forms.Form):
    version = VersionField()
    response = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what was done to put the problem right.")},
    )


VERIFY, SEND_BACK = "verify", "send_back"


class RectificationDecisionForm(forms.Form):
    version = VersionField()
    action = forms.ChoiceField(choices=[(VERIFY, _("Verify and close")), (SEND_BACK, _("Send back"))])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending it back: say what is still needed."),
    )
    deadline = forms.DateField(
        label=_("New deadline (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When sending it back; leave empty to keep the current deadline."),
    )


class RectificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Institution"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RectificationStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[(YES, _("Overdue only")), (NO, _("Not overdue"))], method="filter_overdue"
    )
    category = django_filters.ChoiceFilter(
        label=_("Checklist category"), field_name="item_check__item__category", choices=CheckCategory.choices
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )

    class Meta:
        model = Rectification
        fields = ["q", "status", "overdue", "category", "jurisdiction"]

    def __init__(self, *args, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(institution__name__icontains=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value == YES:
            return queryset.filter(overdue_q(self.today))
        if value == NO:
            return queryset.exclude(overdue_q(self.today))
        return queryset


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Institution"), field_name="institution__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InspectionResult.choices)
    kind = django_filters.ChoiceFilter(label=_("Inspection kind"), choices=InspectionKind.choices)
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="institution__jurisdiction", queryset=Jurisdiction.objects.none()
    )

    class Meta:
        model = Inspection
        fields = ["q", "status", "result", "kind", "jurisdiction"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")


# --- Checklists -----------------------------------------------------------------------------------------


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["category", "text", "text_en", "source", "rectification_days", "position"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"category": _("Checklist category")}
        help_texts = {
            "source": _("The rule it checks, e.g. 管理规范 第三十二条."),
            "position": _("Order within the checklist; leave 0 to put it after the category's last item."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class PublishChecklistForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes on the version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown with the version, e.g. “added two fire-safety items”."),
    )


# --- Inspection plan ------------------------------------------------------------------------------------

SCOPE_DISTRICT, SCOPE_CATEGORY, SCOPE_INSTITUTION = "district", "category", "institution"
PER_YEAR_CHOICES = [(n, n) for n in FREQUENCY_CHOICES]


class FrequencyForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[
            (SCOPE_DISTRICT, _("District default")),
            (SCOPE_CATEGORY, _("Institution category")),
            (SCOPE_INSTITUTION, _("One institution")),
        ],
        widget=forms.HiddenInput,
    )
    category = forms.ChoiceField(label=_("Institution category"), choices=Category.choices, required=False)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none(), required=False)
    per_year = forms.TypedChoiceField(label=_("Inspections per year"), choices=PER_YEAR_CHOICES, coerce=int)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (
            Institution.objects.for_user(user).filter(status__in=INSPECTABLE_STATUSES).order_by("name")
        )

    def clean(self):
        data = super().clean()
        if data.get("scope") == SCOPE_CATEGORY and not data.get("category"):
            self.add_error("category", _("Choose a category."))
        if data.get("scope") == SCOPE_INSTITUTION and not data.get("institution"):
            self.add_error("institution", _("Choose an institution."))
        return data


class CoverageFilterForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"), queryset=Jurisdiction.objects.none(), required=False, empty_label=_("All")
    )
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All")),
            ("overdue", _("Overdue")),
            ("due", _("Due within 30 days")),
            ("ok", _("Not yet due")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.for_user(user).order_by("code")
