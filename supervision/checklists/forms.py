"""The commission's forms: a checklist item, and the notes of a version it publishes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.models import ChecklistItem


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
