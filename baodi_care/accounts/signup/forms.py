"""The sign-up form: name, mobile, e-mail, password (Django's validators, twice typed)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User

INVALID_MOBILE = _("Enter a mainland mobile number of 11 digits, e.g. 13800001111.")
PASSWORDS_DIFFER = _("The two passwords differ.")

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", INVALID_MOBILE)


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=60)
    phone = forms.CharField(label=_("mobile"), max_length=11, validators=[mobile_validator])
    email = forms.EmailField(label=_("e-mail"), max_length=150)
    password1 = forms.CharField(
        label=_("password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )  # fmt: skip
    password2 = forms.CharField(
        label=_("password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"].strip()

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif first:
            # The validators see the account as it will be, so that a password made of its name or mobile fails.
            candidate = User(
                username=data.get("email", ""), email=data.get("email", ""), full_name=data.get("full_name", ""),
                phone=data.get("phone", ""), role=Role.OPERATOR,
            )  # fmt: skip
            try:
                validate_password(first, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
