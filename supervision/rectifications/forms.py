"""The operator's answer to a rectification and the official's decision on it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.core.forms import DateInput, VersionField
from supervision.rectifications.services import RESPONSE_REQUIRED


class RectificationAnswerForm(forms.Form):
    version = VersionField()
    response = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": RESPONSE_REQUIRED},
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
        widget=DateInput,
        help_text=_("When sending it back; leave empty to keep the current deadline."),
    )
