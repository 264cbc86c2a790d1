"""The commission's forms for the indicator template: an indicator, and the notes of a version it publishes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.models import QualityIndicator


class QualityIndicatorForm(forms.ModelForm):
    class Meta:
        model = QualityIndicator
        fields = [
            "area", "clause", "text", "text_en", "points", "is_veto", "evidence", "needs_confirmation",
            "confirmation_note", "position",
        ]  # fmt: skip
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "points": forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
        }
        help_texts = {"position": _("Order among indicators of the same clause; leave 0 to add it at the end.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class PublishQualityTemplateForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes on the version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown with the version, e.g. “points of 6.2 confirmed from the published text”."),
    )
