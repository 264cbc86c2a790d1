"""Form pieces every room uses: date inputs, free text and the hidden version field."""

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


class TextField(forms.CharField):
    """Free text in a textarea of `rows` lines, at most 4,000 characters (notes, reasons, outcomes, descriptions)."""

    def __init__(self, *, rows: int = 3, attrs: dict | None = None, **kwargs):
        kwargs.setdefault("max_length", 4000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, **(attrs or {})}))
        super().__init__(**kwargs)
