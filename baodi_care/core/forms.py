"""Form pieces every room uses: date inputs and the hidden version field."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker; the ISO format is what <input type="date"> reads and sends."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    """The version of the object the page showed: services refuse a decision taken on a stale page."""

    widget = forms.HiddenInput
