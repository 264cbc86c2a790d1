"""The user's own profile form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts import reauth
from baodi_care.accounts.models import User

PHONE_NEEDS_PASSWORD = _("Enter your current password to change your phone number.")


class ProfileForm(forms.ModelForm):
    # Only a change of the phone number asks for it: the number is a way to reach, and to recover, the account.
    password = forms.CharField(
        label=_("current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change the phone number."),
    )

    class Meta:
        model = User
        # The e-mail address changes only through accounts/email_change.py (current password, link to confirm).
        fields = ["full_name", "phone"]

    def clean(self):
        cleaned = super().clean()
        if "phone" in self.changed_data:
            error = reauth.password_error(self.instance, cleaned.get("password") or "")
            if error:
                self.add_error("password", PHONE_NEEDS_PASSWORD if not cleaned.get("password") else error)
        cleaned.pop("password", None)
        return cleaned
