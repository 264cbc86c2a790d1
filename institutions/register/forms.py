"""Forms of the register: the institution's facts, and its classes and staff as rows.

Forms only parse and check input; the services save it."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.forms import DateInput
from institutions.choices import (
    FAMILY_POINT_FIELDS,
    IDENTITY_FIELDS,
    SERVICE_FORM_FIELDS,
    Category,
    PremisesTenure,
    ServiceForm,
)
from institutions.identity_numbers import mask_number
from institutions.models import ClassGroup, Institution, StaffMember
from institutions.register.selectors import FILING_FORM_REQUIRED, identity_lock
from institutions.register.services import INSTITUTION_FIELDS

LEASE_END_REQUIRED = _("Give the date the lease ends: leased premises must be held for at least 3 years.")
LEASE_START_REQUIRED = _("Give the date the lease starts, as in the lease.")
LESSOR_REQUIRED = _("Give the lessor, as named in the lease.")
MEALS_SOURCE_REQUIRED = _("Say whether meals are cooked on site or bought in.")
SERVICE_FORM_REQUIRED = _("Choose at least one service form.")
NUMBER_ON_RECORD = _("On record: %(masked)s. Leave empty to keep it, or type a new one.")


class KeepNumberMixin:
    """An identity number field shown masked: the input starts empty, its help text shows the number on record
    masked, and an empty answer keeps the number on record (identity_numbers: only the commission reads it)."""

    number_fields: tuple[str, ...] = ()

    def _mask_numbers(self) -> None:
        for name in self.number_fields:
            on_record = getattr(self.instance, name, "") if self.instance.pk else ""
            if name in self.fields and on_record:
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].help_text = NUMBER_ON_RECORD % {"masked": mask_number(on_record)}
                self.fields[name].widget.attrs["placeholder"] = mask_number(on_record)

    def _kept_number(self, name: str) -> str:
        typed = "".join((self.cleaned_data.get(name) or "").split()).upper()
        return typed or (getattr(self.instance, name, "") if self.instance.pk else "")


class InstitutionForm(KeepNumberMixin, forms.ModelForm):
    """Every registered fact of an institution, in sections that fit a phone screen."""

    number_fields = ("sponsor_id_number",)

    service_forms = forms.MultipleChoiceField(
        label=_("Service forms"),
        choices=ServiceForm.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": SERVICE_FORM_REQUIRED},
    )

    SECTIONS = (
        (
            "basic",
            _("Basic facts"),
            (
                "name",
                "uscc",
                "legal_form",
                "ownership",
                "category",
                "service_forms",
                "opening_hours",
                "provides_meals",
                "meals_source",
            ),
        ),
        (
            "registration",
            _("Registration"),
            ("registration_certificate_number", "registration_authority_name", "scope_names_childcare"),
        ),
        ("sponsor", _("Sponsor (举办者)"), ("sponsor_type", "sponsor_name", "sponsor_id_number", "sponsor_contact")),
        (
            "address",
            _("Addresses and jurisdiction"),
            ("registered_address", "address", "jurisdiction"),
        ),
        (
            "people",
            _("People and contacts"),
            ("legal_representative", "principal_name", "contact_phone", "contact_email"),
        ),
        (
            "premises",
            _("Premises"),
            (
                "premises_tenure",
                "lease_start_date",
                "lease_end_date",
                "lessor",
                "house_use",
                "fire_resistance_rating",
                "floor",
                "building_area",
                "indoor_area",
                "outdoor_area",
            ),
        ),
        # Asked of a family point only (家庭托育点管理办法（试行）Art. 4 and its video-surveillance rule).
        ("family", _("Family childcare point"), FAMILY_POINT_FIELDS),
    )

    class Meta:
        model = Institution
        # The four service-form flags are the one `service_forms` question above.
        fields = [name for name in INSTITUTION_FIELDS if name not in SERVICE_FORM_FIELDS.values()]
        widgets = {
            "lease_start_date": DateInput(),
            "lease_end_date": DateInput(),
            "uscc": forms.TextInput(
                attrs={"class": "font-monospace", "autocapitalize": "characters", "spellcheck": "false"}
            ),
            "sponsor_id_number": forms.TextInput(
                attrs={
                    "class": "font-monospace",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "autocomplete": "off",
                }
            ),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "sponsor_contact": forms.TextInput(attrs={"inputmode": "tel"}),
        }
        help_texts = {
            "legal_form": _("The registration authority follows from the legal form."),
            "jurisdiction": _("The sub-district or town where the institution is; it reviews the filing."),
            "floor": _("Never underground; the fire-resistance rating of the building sets the highest floor."),
            "fire_resistance_rating": _("From the fire-safety documents; leave empty if not known."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FILING_FORM_REQUIRED:
            self.fields[name].required = True
        self._mask_numbers()
        jurisdictions = Jurisdiction.objects.for_user(user)
        keep = Q(is_active=True)
        if self.instance.jurisdiction_id:
            keep |= Q(pk=self.instance.jurisdiction_id)
        self.fields["jurisdiction"].queryset = jurisdictions.filter(keep)
        if self.instance.pk:
            self.fields["service_forms"].initial = [
                form for form, name in SERVICE_FORM_FIELDS.items() if getattr(self.instance, name)
            ]
        else:
            self.fields["service_forms"].initial = [ServiceForm.FULL_DAY]
        # A filed institution's identity facts are shown, not taken from the request: a change filing changes them.
        # A family point's own questions are asked of family points only; the floor rule is not theirs.
        if not self._is_family_point():
            for name in FAMILY_POINT_FIELDS:
                del self.fields[name]
        else:  # a family point names 家庭托育服务 in its scope (asked above) and is a home: no fire-rating floor rule
            for name in ("scope_names_childcare", "fire_resistance_rating"):
                del self.fields[name]
            self.fields["floor"].help_text = _("The floor of the home where the children are cared for.")
        self.identity_lock = identity_lock(self.instance) if self.instance.pk else ""
        for name in IDENTITY_FIELDS if self.identity_lock else ():
            # A fact an imported register lacked stays open until it is completed (selectors.WANTED_FACTS).
            self.fields[name].disabled = getattr(self.instance, name, None) != ""
            self.fields[name].help_text = ""

    def _is_family_point(self) -> bool:
        category = self.data.get(self.add_prefix("category")) if self.is_bound else None
        return (category or self.instance.category or self.initial.get("category")) == Category.FAMILY

    def clean_uscc(self) -> str:
        # Codes are printed in upper case; people type them in either.
        return "".join((self.cleaned_data.get("uscc") or "").split()).upper()

    def clean_sponsor_id_number(self) -> str:
        return self._kept_number("sponsor_id_number")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("premises_tenure") == PremisesTenure.LEASED:
            for name, message in (
                ("lease_end_date", LEASE_END_REQUIRED),
                ("lease_start_date", LEASE_START_REQUIRED),
                ("lessor", LESSOR_REQUIRED),
            ):
                if not cleaned.get(name):
                    self.add_error(name, message)
        if cleaned.get("provides_meals") and not cleaned.get("meals_source"):
            self.add_error("meals_source", MEALS_SOURCE_REQUIRED)
        if not cleaned.get("provides_meals"):
            cleaned["meals_source"] = ""
        return cleaned

    def sections(self) -> list[tuple[str, str, list]]:
        """(key, title, bound fields) per card of the form."""
        sections = [
            (key, title, [self[name] for name in names if name in self.fields]) for key, title, names in self.SECTIONS
        ]
        return [section for section in sections if section[2]]

    def institution_fields(self) -> dict:
        """The cleaned data as the model's fields, for register_institution / update_institution."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}
        chosen = set(self.cleaned_data["service_forms"])
        data.update({name: form in chosen for form, name in SERVICE_FORM_FIELDS.items()})
        return data


class ClassGroupForm(forms.ModelForm):
    class Meta:
        model = ClassGroup
        fields = ["name", "class_type", "seats"]


ClassFormSet = forms.inlineformset_factory(
    Institution, ClassGroup, form=ClassGroupForm, extra=3, can_delete=True, max_num=60
)


class StaffMemberForm(KeepNumberMixin, forms.ModelForm):
    number_fields = ("id_number",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._mask_numbers()

    def clean_id_number(self) -> str:
        return self._kept_number("id_number")

    class Meta:
        model = StaffMember
        fields = [
            "name",
            "role",
            "class_group",
            "education",
            "management_years",
            "training_passed",
            "qualification",
            "qualification_expiry",
            "health_certificate_expiry",
            "full_time",
            "id_number",
            "no_criminal_record_declared",
        ]
        widgets = {
            "id_number": forms.TextInput(
                attrs={"class": "font-monospace", "autocapitalize": "characters", "autocomplete": "off"}
            ),
            "qualification_expiry": DateInput(),
            "health_certificate_expiry": DateInput(),
            "qualification": forms.TextInput(attrs={"placeholder": _("e.g. 保育师证, 保安员证.")}),
        }
        # Explained once above the rows instead of on every row.
        help_texts = {"class_group": "", "qualification": "", "no_criminal_record_declared": ""}


class BaseStaffFormSet(forms.BaseInlineFormSet):
    """Offers only this institution's classes, read once for every row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        classes = (
            ClassGroup.objects.filter(institution=self.instance) if self.instance.pk else ClassGroup.objects.none()
        )
        self._class_queryset = classes
        self._class_choices = [("", "---------"), *((c.pk, str(c)) for c in classes)]
        for form in self.forms:
            self._limit(form)

    def _limit(self, form) -> None:
        field = form.fields["class_group"]
        field.queryset = self._class_queryset
        field.choices = self._class_choices

    @property
    def empty_form(self):
        form = super().empty_form
        self._limit(form)
        return form


StaffFormSet = forms.inlineformset_factory(
    Institution, StaffMember, form=StaffMemberForm, formset=BaseStaffFormSet, extra=3, can_delete=True, max_num=300
)
