"""The user's own profile form."""

from django import forms

from baodi_care.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        # The e-mail address changes only through accounts/email_change.py (current password, link to confirm).
        fields = ["full_name", "phone"]
