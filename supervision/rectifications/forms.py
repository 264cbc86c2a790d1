from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.core.forms import VersionField


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
