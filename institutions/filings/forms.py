"""Forms of filings: the operator's 备案书 and uploads, the reviewers' decisions; none of them sets `status`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.models import Jurisdiction
from baodi_care.core.forms import DateInput, TextField
from institutions.choices import IDENTITY_FIELDS, FilingAction, Section, Verdict
from institutions.filings.services import (
    ACCEPT_WITH_CORRECTIONS,
    COMMENT_REQUIRED,
    REJECT_REASON_REQUIRED,
    RETURN_COMMENT_REQUIRED,
)
from institutions.models import DocumentType, Filing, Institution

UPLOAD_ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"


class FilingDeclarationForm(forms.ModelForm):
    """The 备案书 fields of one kind of filing, and the acceptance of the 备案承诺书."""

    pledge_accepted = forms.BooleanField(label=_("I have read the pledge and accept it."), required=False)

    class Meta:
        model = Filing
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge_accepted"].initial = self.instance.pledge_accepted

    def declaration_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def declaration_bound_fields(self) -> list:
        """The 备案书 inputs, in order (the page shows the pledge, and a change filing's facts, apart)."""
        return [self[name] for name in self._meta.fields]

    def identity_fields(self) -> list:
        return []


class ChangeDeclarationForm(FilingDeclarationForm):
    """A 变更备案's form: the 备案书 fields, and the registered facts it changes (name, credit code, legal form,
    category, 街镇), shown as the filing proposes them (else as filed). They take effect when it is acknowledged."""

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        identity = forms.fields_for_model(Institution, fields=IDENTITY_FIELDS)
        keep = Q(is_active=True) | Q(pk=institution.jurisdiction_id)
        identity["jurisdiction"].queryset = Jurisdiction.objects.filter(keep)
        identity["uscc"].widget.attrs.update({"class": "font-monospace", "autocapitalize": "characters"})
        filed = {name: getattr(institution, name) for name in IDENTITY_FIELDS}
        filed["jurisdiction"] = institution.jurisdiction_id
        proposed = dict(self.instance.proposed_facts)
        if "jurisdiction" in proposed:
            proposed["jurisdiction"] = Jurisdiction.objects.get(code=proposed["jurisdiction"]).pk
        for name, field in identity.items():
            field.initial = proposed.get(name, filed[name])
            self.fields[name] = field

    def clean_uscc(self) -> str:
        return "".join((self.cleaned_data.get("uscc") or "").split()).upper()

    def identity_fields(self) -> list:
        return [self[name] for name in IDENTITY_FIELDS]

    def proposed_facts(self) -> dict:
        return {name: self.cleaned_data[name] for name in IDENTITY_FIELDS}


def declaration_form_class(fields: tuple[str, ...], *, change: bool = False) -> type[FilingDeclarationForm]:
    """The declaration form for one filing kind (services.DECLARATION_FIELDS[kind]); a change filing's carries the
    registered facts it changes as well."""
    widgets = {}
    for name in fields:
        field = Filing._meta.get_field(name)
        if isinstance(field, models.DateField):
            widgets[name] = DateInput()
        elif isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    base = ChangeDeclarationForm if change else FilingDeclarationForm
    return forms.modelform_factory(Filing, form=base, fields=list(fields), widgets=widgets)


class DocumentUploadForm(forms.Form):
    """One file for one document type of a filing."""

    document_type = forms.ModelChoiceField(
        label=_("Document type"), queryset=DocumentType.objects.filter(is_active=True), empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
        error_messages={"required": _("Choose a file to upload.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPG or PNG, at most %(max)s.") % {
            "max": filesizeformat(settings.MAX_UPLOAD_BYTES)
        }


# The section inputs sit beside each section of the page, outside the <form> element, and join it by id.
DECISION_FORM_ID = "decision-form"


class DecisionForm(forms.Form):
    """What every decision carries: which one, and the version of the filing the reviewer looked at."""

    ACTIONS: tuple[str, ...] = ()

    action = forms.ChoiceField(choices=())
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = TextField(
        label=_("Reasons for rejection"),
        required=False,
        attrs={"form": DECISION_FORM_ID, "class": "form-control"},
        help_text=_(
            "Required to reject. Shown to the operator and published (登记和备案办法 Art. 9: 向社会公开) with the "
            "institution's name and the date: name no person and give no phone number or home address."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, FilingAction(a).label) for a in self.ACTIONS]

    @property
    def unreadable(self) -> bool:
        """The decision itself cannot be read (a forged or broken page), as opposed to a reviewer's mistake."""
        return self.is_bound and ("action" in self.errors or "version" in self.errors)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == FilingAction.REJECT and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", REJECT_REASON_REQUIRED)
        return cleaned


class ReviewForm(DecisionForm):
    """街镇初审: a verdict and a comment per section and per document type, then accept, return or reject."""

    ACTIONS = (FilingAction.ACCEPT, FilingAction.RETURN, FilingAction.REJECT)

    def __init__(self, *args, document_types: list[DocumentType] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.items: list[dict] = []
        for section in Section:
            self._add_item(section.value, section.label, section=section.value)
        for document_type in document_types:
            self._add_item(f"doc_{document_type.pk}", str(document_type), document_type=document_type)

    def _add_item(self, key: str, label: str, **target) -> None:
        self.fields[f"verdict_{key}"] = forms.ChoiceField(
            label=label,
            choices=Verdict.choices,
            required=False,
            widget=forms.RadioSelect(attrs={"form": DECISION_FORM_ID, "class": "form-check-input verdict"}),
        )
        self.fields[f"comment_{key}"] = forms.CharField(
            label=_("Comment on “%(item)s”") % {"item": label},
            required=False,
            max_length=2000,
            widget=forms.Textarea(
                attrs={
                    "rows": 2,
                    "form": DECISION_FORM_ID,
                    "class": "form-control comment",
                    "placeholder": _("What must be corrected (required when it needs correction)"),
                }
            ),
        )
        self.items.append(
            {"key": key, "label": label, "verdict": self[f"verdict_{key}"], "comment": self[f"comment_{key}"], **target}
        )

    def item(self, key: str) -> dict | None:
        """The verdict and comment inputs of one section ("basic") or document type ("doc_<pk>")."""
        return next((item for item in self.items if item["key"] == key), None)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        corrections = 0
        for item in self.items:
            verdict = cleaned.get(f"verdict_{item['key']}")
            comment = (cleaned.get(f"comment_{item['key']}") or "").strip()
            if verdict == Verdict.CORRECT:
                corrections += 1
                if not comment and action in (FilingAction.RETURN, FilingAction.ACCEPT):
                    self.add_error(f"comment_{item['key']}", COMMENT_REQUIRED % {"section": item["label"]})
        if action == FilingAction.RETURN and not corrections:
            self.add_error(None, RETURN_COMMENT_REQUIRED)
        if action == FilingAction.ACCEPT and corrections:
            self.add_error(None, ACCEPT_WITH_CORRECTIONS)
        return cleaned

    def reviews(self) -> list[dict]:
        """The verdicts given, in the shape the services take."""
        result = []
        for item in self.items:
            verdict = self.cleaned_data.get(f"verdict_{item['key']}")
            comment = (self.cleaned_data.get(f"comment_{item['key']}") or "").strip()
            if not verdict:
                continue
            review = {"verdict": verdict, "comment": comment}
            if "document_type" in item:
                review["document_type"] = item["document_type"]
            else:
                review["section"] = item["section"]
            result.append(review)
        return result


class AcknowledgeForm(DecisionForm):
    """区卫健委: acknowledge (issuing the 备案回执) or reject with reasons."""

    ACTIONS = (FilingAction.ACKNOWLEDGE, FilingAction.REJECT)
