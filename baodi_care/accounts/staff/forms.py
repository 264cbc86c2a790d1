"""Forms of staff accounts: a new account, an official's move."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.models import Jurisdiction

MANAGED_CHOICES = [(role.value, role.label) for role in (Role.OFFICIAL, Role.DEPARTMENT, Role.AUDITOR)]


class StaffCreateForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=MANAGED_CHOICES)
    username = forms.RegexField(
        label=_("user name"), max_length=150, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and @ . + - _ only.")},
    )  # fmt: skip
    full_name = forms.CharField(label=_("full name"), max_length=60)
    email = forms.EmailField(label=_("e-mail"), max_length=150)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    jurisdiction = forms.ModelChoiceField(
        label=_("jurisdiction"), queryset=Jurisdiction.objects.filter(is_active=True), required=False,
        help_text=_("Required for sub-district/town officials."),
    )  # fmt: skip
    department = forms.ChoiceField(
        label=_("department"), choices=[("", "---------"), *MemberDepartment.choices], required=False,
        help_text=_("For member departments: the unit of the joint meeting (联席会议) the user works for."),
    )  # fmt: skip


class MoveForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=_("new sub-district/town"), queryset=Jurisdiction.objects.filter(is_active=True)
    )
