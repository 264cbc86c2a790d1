"""The official's record of a follow-up."""

from __future__ import annotations

from django import forms

from institutions.models import FollowUp


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
